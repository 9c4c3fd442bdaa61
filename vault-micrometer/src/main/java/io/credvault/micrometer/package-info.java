/** Micrometer metrics for credvault. */
@NullMarked
package io.credvault.micrometer;

import org.jspecify.annotations.NullMarked;
