package io.credvault;

/**
 * A newly issued API key: the only time the key is available. Show it to its owner once; the vault keeps only
 * a keyed hash. {@link #toString()} shows the prefix only.
 */
public final class IssuedApiKey {
    private final SecretValue key;
    private final ApiKeyInfo info;

    /**
     * A new key and its stored description.
     *
     * @param key the key, to show the caller once
     * @param info what is stored about it
     */
    public IssuedApiKey(SecretValue key, ApiKeyInfo info) {
        this.key = key;
        this.info = info;
    }

    /**
     * The key. Never retrievable again.
     *
     * @return the key; the vault keeps only its keyed hash
     */
    public SecretValue key() {
        return key;
    }

    /**
     * What is stored about the key.
     *
     * @return its id, owner, prefix and state
     */
    public ApiKeyInfo info() {
        return info;
    }

    @Override
    public String toString() {
        return "IssuedApiKey[prefix=" + info.prefix() + ", key redacted]";
    }
}
