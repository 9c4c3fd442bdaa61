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

    /**
     * Whether {@code e} comes from a transaction the database rolled back on its own and that can run again: a
     * serialization failure (SQLState 40001), a PostgreSQL deadlock (40P01), a MariaDB deadlock or Galera
     * certification conflict (error 1213) or a lock wait timeout (1205, after which the vault rolls back).
     */
    static boolean retryable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return "40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                        || s.getErrorCode() == 1213 || s.getErrorCode() == 1205;
            }
        }
        return false;
    }

    /** Runs {@code attempt} until it does not fail {@link #retryable retryably}, at most {@code max} times. */
    static <T> T retrying(int max, JdbcBackend.Timeouts timeouts, java.util.function.Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (!retryable(e)) {
                    throw e;
                }
                if (n == max) {
                    throw new StorageException("the database rolled the transaction back " + max + " times (" + detail(e, timeouts)
                            + ": a serialization failure, deadlock or certification conflict); nothing was committed", e);
                }
                backoff(n);
            }
        }
    }

    /** The pause before attempt {@code attempt + 1}: 5 ms doubling up to 160 ms, with up to as much again at random. */
    private static void backoff(int attempt) {
        long base = 5L << Math.min(attempt - 1, 5);
        try {
            Thread.sleep(base + java.util.concurrent.ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry a transaction; nothing was committed", e);
        }
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
