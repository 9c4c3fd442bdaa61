/**
 * The JDBC backend: {@link io.credvault.jdbc.JdbcBackend} on Jdbi over H2 (embedded default), PostgreSQL
 * or MariaDB, chosen by the JDBC URL or {@code DataSource}.
 */
@NullMarked
package io.credvault.jdbc;

import org.jspecify.annotations.NullMarked;
