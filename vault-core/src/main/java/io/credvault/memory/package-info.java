/**
 * The in-memory backend: thread-safe, zero configuration, the fake host applications use in unit tests.
 */
@NullMarked
package io.credvault.memory;

import org.jspecify.annotations.NullMarked;
