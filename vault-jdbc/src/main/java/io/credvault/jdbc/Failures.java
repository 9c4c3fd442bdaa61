package io.credvault.jdbc;

import io.credvault.StorageException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** How a JDBC failure is told: the operation, the SQL state and message, and a timeout that expired. */
final class Failures {
    private Failures() {
    }

    static StorageException storage(String what, Throwable e, JdbcBackend.Timeouts timeouts) {
        return new StorageException("database operation '" + what + "' failed (" + detail(e, timeouts) + "); nothing was committed", e);
    }

    /** The SQL state and message of the first {@link SQLException} in {@code e}'s causes, naming a timeout that expired. */
    static String detail(Throwable e, JdbcBackend.Timeouts timeouts) {
        SQLException sql = null;
        String timeout = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException) {
                timeout = "socket timeout of " + timeouts.socket().toMillis() + " ms expired";
            } else if (c instanceof java.sql.SQLTimeoutException || (c instanceof SQLException s
                    && ("57014".equals(s.getSQLState()) || "70100".equals(s.getSQLState())))) {
                timeout = "statement timeout of " + timeouts.statement().toMillis() + " ms expired";
            } else if (c instanceof java.sql.SQLTransientConnectionException && String.valueOf(c.getMessage()).contains("timed out")) {
                timeout = "connect timeout of " + timeouts.connect().toMillis() + " ms expired";
            }
            if (sql == null && c instanceof SQLException s) {
                sql = s;
            }
        }
        String base = sql == null ? e.getClass().getSimpleName()
                : "SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode() + ": " + firstLine(sql.getMessage());
        return timeout == null ? base : timeout + "; " + base;
    }

    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
