package io.credvault;

/**
 * A newly issued API key: the only time the key is available. Show it to its owner once; the vault keeps only
 * a keyed hash. {@link #toString()} shows the prefix only.
 */
public final class IssuedApiKey {
    private final SecretValue key;
    private final ApiKeyInfo info;

    public IssuedApiKey(SecretValue key, ApiKeyInfo info) {
        this.key = key;
        this.info = info;
    }

    /** The key. Never retrievable again. */
    public SecretValue key() {
        return key;
    }

    public ApiKeyInfo info() {
        return info;
    }

    @Override
    public String toString() {
        return "IssuedApiKey[prefix=" + info.prefix() + ", key redacted]";
    }
}
