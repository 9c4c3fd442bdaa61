/**
 * Implementation details. Not API: anything here may change or disappear in any release.
 */
@NullMarked
package io.credvault.jdbc.internal;

import org.jspecify.annotations.NullMarked;
