package io.credvault.jdbc;

import io.credvault.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;

/** What embedded H2 needs beyond SQL: one writer per database, synced commits, bounded dead space, shutdown. */
final class H2 {
    /** One lock per embedded H2 database (by URL): see {@link JdbcBackend#inTransaction}. */
    private static final ConcurrentHashMap<String, ReentrantLock> WRITERS = new ConcurrentHashMap<>();
    /**
     * How long H2 keeps a persisted chunk before its space may be reused. H2's default of 45 s keeps every chunk
     * written in the last 45 s; with one chunk per commit that is tens of KB per write, and a file that grew to
     * 8 GB for 200,000 credentials. One second bounds the dead space by one second of writes; 0 (reuse at once)
     * is not used, as H2 has open reports of files that no longer open after reuse at 0.
     */
    static final int RETENTION_MILLIS = 1000;

    private H2() {
    }

    static ReentrantLock writeLock(String url) {
        return WRITERS.computeIfAbsent(url, u -> new ReentrantLock());
    }

    /** A database in a file (not {@code jdbc:h2:mem:}): its commits are synced, its dead space bounded. */
    static boolean persistent(String url) {
        return !url.startsWith("jdbc:h2:mem:");
    }

    static void configure(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("SET RETENTION_TIME " + RETENTION_MILLIS);
        }
    }

    /** After a commit: the change is written to the file and synced to the disk before the call returns. */
    static void sync(Handle h) {
        h.execute("CHECKPOINT SYNC");
    }

    /** Drops an in-memory database (the close of {@link JdbcBackend#h2Memory}). */
    static void shutdown(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // closing the statement after the shutdown it ran reports the database closed: that is success
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN) {
                throw new StorageException("shutting down the in-memory database failed: " + e.getMessage(), e);
            }
        }
    }
}
