package io.credvault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link Refresher} got from the provider: the secret fields to set (a rotated refresh token among them, or
 * not: fields not named keep their values) and when they expire.
 */
public final class Refreshed {
    private final SecretFields secrets;
    private final Map<String, Instant> secretExpiries;

    private Refreshed(SecretFields secrets, Map<String, Instant> secretExpiries) {
        this.secrets = secrets;
        this.secretExpiries = Map.copyOf(secretExpiries);
    }

    /**
     * The fields to set; at least one.
     *
     * @param secrets the fields to set; others keep their values
     * @return the result
     */
    public static Refreshed of(SecretFields secrets) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new ValidationException("secrets", "a refresh must set at least one secret field");
        }
        return new Refreshed(secrets, Map.of());
    }

    /**
     * The same, with {@code field} expiring at {@code at} (a field whose value is replaced otherwise loses its expiry).
     *
     * @param field a secret field of the result
     * @param at when its value expires
     * @return a new result
     */
    public Refreshed expiring(String field, Instant at) {
        Map<String, Instant> all = new TreeMap<>(secretExpiries);
        all.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(at, "at"));
        return new Refreshed(secrets, all);
    }

    /**
     * The fields to set.
     *
     * @return the fields
     */
    public SecretFields secrets() {
        return secrets;
    }

    /**
     * The fields' expiries.
     *
     * @return field name to expiry
     */
    public Map<String, Instant> secretExpiries() {
        return secretExpiries;
    }

    @Override
    public String toString() {
        return "Refreshed[secrets=" + secrets + ", secretExpiries=" + new TreeMap<>(secretExpiries) + "]";
    }
}
