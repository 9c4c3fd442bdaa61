/**
 * The contract of credvault: the store and vault interfaces, value types, exceptions and the backend SPI. A host's
 * domain code can depend on this module alone.
 */
module io.credvault.api {
    requires static transitive org.jspecify;

    exports io.credvault;
    exports io.credvault.spi;
    exports io.credvault.internal to io.credvault.core;
}
