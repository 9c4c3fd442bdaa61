/**
 * The entry point: {@link io.credvault.core.CredVault} builds a {@link io.credvault.Vault} over a backend and a
 * master key.
 */
@NullMarked
package io.credvault.core;

import org.jspecify.annotations.NullMarked;
