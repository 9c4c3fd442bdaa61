/**
 * The contract kit: {@link io.credvault.testkit.CredentialStoreContract} holds every behaviour a backend must
 * show. A backend's test extends it and implements {@code newBackend()}.
 */
@NullMarked
package io.credvault.testkit;

import org.jspecify.annotations.NullMarked;
