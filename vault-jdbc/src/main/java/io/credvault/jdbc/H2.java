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

    /**
     * Database settings, set once per open. Every H2 database runs each query afresh: with result reuse on, H2
     * first checks whether a statement's last result can be returned again, walking every selected column, and
     * the credential select (about twenty columns, a different id each time) pays that and never reuses a result.
     * A database in a file also gets its {@linkplain #RETENTION_MILLIS retention time}.
     */
    static void configure(Connection c, boolean persistent) throws SQLException {
        try (var s = c.createStatement()) {
            if (persistent) {
                s.execute("SET RETENTION_TIME " + RETENTION_MILLIS);
            }
            s.execute("SET OPTIMIZE_REUSE_RESULTS 0");
        }
    }

    /** After a commit: the change is written to the file and synced to the disk before the call returns. */
    static void sync(Handle h) {
        h.execute("CHECKPOINT SYNC");
    }

    /**
     * Prepares the file of {@link JdbcBackend#h2File}: a missing directory is created readable by the owner only,
     * and a missing database file is created empty with mode 600 before H2 opens it (H2 would create it with the
     * process's umask, usually readable by every user). Existing files and directories are left as they are.
     */
    static void prepareFile(java.nio.file.Path path) {
        java.nio.file.Path file = java.nio.file.Path.of(path + ".mv.db");
        java.nio.file.Path dir = file.getParent();
        try {
            if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
                createOwnerOnly(dir, "rwx------", true);
            }
            if (!java.nio.file.Files.exists(file)) {
                createOwnerOnly(file, "rw-------", false);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another opener created it first: it applies the same mode
        } catch (java.io.IOException e) {
            throw new StorageException("cannot create the H2 database file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createOwnerOnly(java.nio.file.Path p, String mode, boolean directory) throws java.io.IOException {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        java.nio.file.attribute.FileAttribute<?>[] attrs = posix
                ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString(mode))}
                : new java.nio.file.attribute.FileAttribute<?>[0];
        if (directory) {
            java.nio.file.Files.createDirectories(p, attrs);
        } else {
            java.nio.file.Files.createFile(p, attrs);
        }
    }

    /** Why an embedded database did not open; a file held by another process is named as such, with what to do. */
    static StorageException openFailure(String url, Throwable e, JdbcBackend.Timeouts timeouts) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return new StorageException("the H2 database " + file(url) + " is in use by another process: an embedded vault "
                        + "is opened by one process at a time. Stop that process and retry, or run the command inside it "
                        + "(see the README, 'Operating a live embedded vault')", e);
            }
        }
        return Failures.storage("connect", e, timeouts);
    }

    private static String file(String url) {
        String rest = url.substring("jdbc:h2:".length());
        rest = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        int semi = rest.indexOf(';');
        return (semi < 0 ? rest : rest.substring(0, semi)) + ".mv.db";
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
