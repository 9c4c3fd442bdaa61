/**
 * Master keys: {@link io.credvault.crypto.MasterKey} wraps the vault's data keys, from raw bytes, a file, an
 * environment variable or a passphrase (Argon2id).
 */
@NullMarked
package io.credvault.crypto;

import org.jspecify.annotations.NullMarked;
