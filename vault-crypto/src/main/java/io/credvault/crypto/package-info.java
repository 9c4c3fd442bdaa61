/**
 * Sealing and keys: {@link io.credvault.crypto.CredVault} builds a store over any backend, sealing secrets
 * with AES-256-GCM under versioned data keys that are wrapped by a {@link io.credvault.crypto.MasterKey}.
 */
@NullMarked
package io.credvault.crypto;

import org.jspecify.annotations.NullMarked;
