/** Micrometer metrics for credvault: register {@link io.credvault.micrometer.CredvaultMetrics} as the vault's observer. */
module io.credvault.micrometer {
    requires transitive io.credvault.core;
    requires transitive micrometer.core;
    requires static transitive org.jspecify;

    exports io.credvault.micrometer;
}
