/**
 * The engine behind {@link io.credvault.core.CredVault}: validation, sealing, the journal chain, key management,
 * health, API keys and the reveal audit. Not API: anything here may change or disappear in any release.
 */
@NullMarked
package io.credvault.core.internal;

import org.jspecify.annotations.NullMarked;
