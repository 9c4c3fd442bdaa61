/**
 * The public API of credvault: {@link io.credvault.CredentialStore} and the value types it takes and returns.
 *
 * <p>Every operation is scoped to an {@link io.credvault.OwnerId}. Secret material only ever travels in
 * {@link io.credvault.SecretValue} / {@link io.credvault.SecretFields}, whose {@code toString} never shows it.
 */
@NullMarked
package io.credvault;

import org.jspecify.annotations.NullMarked;
