/** Primitives: AES-256-GCM and master-key sources. */
module io.credvault.crypto {
    requires transitive io.credvault.api;
    requires org.bouncycastle.provider;
    requires static transitive org.jspecify;

    exports io.credvault.crypto;
    exports io.credvault.crypto.internal to io.credvault.core;
}
