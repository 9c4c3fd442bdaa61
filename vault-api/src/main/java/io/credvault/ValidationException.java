package io.credvault;

/**
 * An argument was refused. {@link #field()} names it; the message says what is allowed. Nothing was changed.
 */
public final class ValidationException extends VaultException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String problem;

    public ValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.problem = message;
    }

    /** The name of the refused argument or secret field, e.g. {@code "name"} or {@code "secrets.accessToken"}. */
    public String field() {
        return field;
    }

    /** What is wrong with it and what is allowed: the message without the field's name. */
    public String problem() {
        return problem;
    }
}
