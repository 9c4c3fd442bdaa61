/**
 * The {@code credvault} operator tool (picocli). Not a library API.
 */
@NullMarked
package io.credvault.cli;

import org.jspecify.annotations.NullMarked;
