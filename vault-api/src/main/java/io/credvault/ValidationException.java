package io.credvault;

/**
 * An argument was refused. {@link #field()} names it; the message says what is allowed. Nothing was changed.
 */
public final class ValidationException extends VaultException {
    private static final long serialVersionUID = 1L;
    /** The field that is not valid. */
    private final String field;
    /** What is wrong with it, and what is allowed. */
    private final String problem;

    /**
     * A field that is not valid.
     *
     * @param field the field's name
     * @param message what is wrong and what is allowed
     */
    public ValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.problem = message;
    }

    /**
     * The name of the refused argument or secret field, e.g. {@code "name"} or {@code "secrets.accessToken"}.
     *
     * @return the field's name, e.g. {@code name} or {@code secrets.accessToken}
     */
    public String field() {
        return field;
    }

    /**
     * What is wrong with it and what is allowed: the message without the field's name.
     *
     * @return what is wrong with it, and what is allowed
     */
    public String problem() {
        return problem;
    }
}
