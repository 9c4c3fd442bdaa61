/** The engine and its entry point, {@code io.credvault.core.CredVault}; the in-memory backend. */
module io.credvault.core {
    requires transitive io.credvault.api;
    requires transitive io.credvault.crypto;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires com.github.benmanes.caffeine;
    requires static transitive org.jspecify;

    exports io.credvault.core;
    exports io.credvault.memory;
}
