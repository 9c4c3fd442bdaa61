/**
 * The service-provider interface: what a storage backend implements ({@link io.credvault.spi.VaultBackend})
 * and what the sealing layer implements ({@link io.credvault.spi.Sealer}). A backend never sees plaintext.
 * A backend proves itself by passing the contract kit in {@code vault-testkit}.
 */
@NullMarked
package io.credvault.spi;

import org.jspecify.annotations.NullMarked;
