package io.credvault;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider types a store accepts. Starts with the built-ins; a host application adds its own with
 * {@link #register(ProviderSchema)} and changes one, built-in or not, with {@link #replace(ProviderSchema)}.
 * Thread-safe.
 *
 * <table>
 *   <caption>Built-in providers</caption>
 *   <tr><th>provider</th><th>required</th><th>optional</th></tr>
 *   <tr><td>sentera, agleader</td><td>accessToken, refreshToken, privateKey, publicKey</td><td></td></tr>
 *   <tr><td>raven-slingshot</td><td>apiKey, accessKey, sharedSecret</td><td></td></tr>
 *   <tr><td>github, gitlab</td><td>accessToken</td><td>username</td></tr>
 *   <tr><td>bitbucket</td><td>username, password</td><td></td></tr>
 *   <tr><td>google</td><td>serviceAccountKey</td><td></td></tr>
 *   <tr><td>aws</td><td>accessKey, secretKey</td><td>sessionToken</td></tr>
 *   <tr><td>azure</td><td>batchKey, storageKey</td><td>batchName, storageName</td></tr>
 *   <tr><td>ssh</td><td>privateKey</td><td>passphrase, publicKey</td></tr>
 *   <tr><td>oauth2</td><td>accessToken</td><td>refreshToken, tokenType, scope, idToken</td></tr>
 *   <tr><td>generic</td><td colspan="2">any field names, at least one</td></tr>
 * </table>
 */
public final class ProviderRegistry {
    private static final List<ProviderSchema> BUILT_IN = List.of(
            ProviderSchema.of("sentera", Set.of("accessToken", "refreshToken", "privateKey", "publicKey"), Set.of()),
            ProviderSchema.of("agleader", Set.of("accessToken", "refreshToken", "privateKey", "publicKey"), Set.of()),
            ProviderSchema.of("raven-slingshot", Set.of("apiKey", "accessKey", "sharedSecret"), Set.of()),
            ProviderSchema.of("github", Set.of("accessToken"), Set.of("username")),
            ProviderSchema.of("gitlab", Set.of("accessToken"), Set.of("username")),
            ProviderSchema.of("bitbucket", Set.of("username", "password"), Set.of()),
            ProviderSchema.of("google", Set.of("serviceAccountKey"), Set.of()),
            ProviderSchema.of("aws", Set.of("accessKey", "secretKey"), Set.of("sessionToken")),
            ProviderSchema.of("azure", Set.of("batchKey", "storageKey"), Set.of("batchName", "storageName")),
            ProviderSchema.of("ssh", Set.of("privateKey"), Set.of("passphrase", "publicKey")),
            ProviderSchema.of("oauth2", Set.of("accessToken"), Set.of("refreshToken", "tokenType", "scope", "idToken")),
            new ProviderSchema("generic", Set.of(), Set.of(), true));

    private final Map<String, ProviderSchema> schemas = new ConcurrentHashMap<>();

    private ProviderRegistry() {
    }

    /**
     * A registry holding the built-in providers.
     *
     * @return a registry of the built-in providers, to which the host adds its own
     */
    public static ProviderRegistry withBuiltIns() {
        ProviderRegistry r = new ProviderRegistry();
        BUILT_IN.forEach(s -> r.schemas.put(s.name(), s));
        return r;
    }

    /**
     * An empty registry, for hosts that accept only their own providers.
     *
     * @return a registry with no provider
     */
    public static ProviderRegistry empty() {
        return new ProviderRegistry();
    }

    /**
     * Adds a provider.
     *
     * @param schema the provider's schema
     * @return this registry
     * @throws ConflictException if a provider of that name is registered with a different schema
     */
    public ProviderRegistry register(ProviderSchema schema) {
        ProviderSchema existing = schemas.putIfAbsent(schema.name(), schema);
        if (existing != null && !existing.equals(schema)) {
            throw new ConflictException("provider '" + schema.name() + "' is already registered with fields "
                    + existing.allowedFields() + "; replace(schema) changes it, or register it under another name");
        }
        return this;
    }

    /**
     * Sets the schema of {@code schema.name()}, replacing a built-in or registered one (to make a field optional,
     * say). Credentials stored under the old schema keep their fields; the new schema applies from their next
     * create or update.
     *
     * @param schema the provider's new schema
     * @return this registry
     */
    public ProviderRegistry replace(ProviderSchema schema) {
        schemas.put(schema.name(), schema);
        return this;
    }

    /**
     * Every registered schema, by name.
     *
     * @return every registered schema
     */
    public Collection<ProviderSchema> schemas() {
        return new TreeMap<>(schemas).values();
    }

    /**
     * The schema of {@code provider}.
     *
     * @param provider the provider's name
     * @return its schema
     * @throws ValidationException naming the provider if it is not registered
     */
    public ProviderSchema require(String provider) {
        ProviderSchema s = provider == null ? null : schemas.get(provider);
        if (s == null) {
            throw new ValidationException("provider", "unknown provider '" + provider + "'; registered: " + names());
        }
        return s;
    }

    /**
     * The registered providers.
     *
     * @return their names
     */
    public Collection<String> names() {
        return new TreeMap<>(schemas).keySet();
    }
}
