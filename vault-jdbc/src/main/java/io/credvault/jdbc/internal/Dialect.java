package io.credvault.jdbc.internal;

import io.credvault.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** What differs between the supported databases: the migration scripts, index hints and how errors look. */
public enum Dialect {
    H2("h2", "H2"),
    POSTGRESQL("postgresql", "PostgreSQL"),
    MARIADB("mariadb", "MariaDB");

    private final String folder;
    private final String displayName;

    Dialect(String folder, String displayName) {
        this.folder = folder;
        this.displayName = displayName;
    }

    /** The folder of this dialect's migration scripts under {@code io/credvault/jdbc/migrations/}. */
    public String folder() {
        return folder;
    }

    public String displayName() {
        return displayName;
    }

    /** The whole schema in one script, for DBAs: {@code schema-<dialect>.sql} beside the migrations. */
    public String schemaResource() {
        return "schema-" + folder + ".sql";
    }

    /**
     * What follows the table name to make the planner walk {@code index}: H2 and MariaDB take a hint; PostgreSQL
     * has none and walks a composite index that matches the equality and the ORDER BY on its own.
     */
    public String useIndex(String index) {
        return switch (this) {
            case H2 -> " USE INDEX (" + index + ")";
            case MARIADB -> " FORCE INDEX (" + index + ")";
            case POSTGRESQL -> "";
        };
    }

    /** Reads the dialect from the connection's metadata. */
    public static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb")) {
            return MARIADB;
        }
        throw new StorageException("unsupported database '" + c.getMetaData().getDatabaseProductName()
                + "': credvault supports H2, PostgreSQL and MariaDB", null);
    }

    /** Whether {@code e} (or a cause) is a unique-constraint violation. */
    /**
     * A transaction that lost to a concurrent one: a deadlock or serialization failure (SQLSTATE 40001, 40P01;
     * MariaDB error 1213, which Galera certification failures also report). The database rolled it back.
     */
    public static boolean isConcurrencyFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                    || s.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if ("23505".equals(s.getSQLState()) || ("23000".equals(s.getSQLState()) && s.getErrorCode() == 1062)) {
                    return true;
                }
            }
        }
        return false;
    }
}
