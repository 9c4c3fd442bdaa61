package io.credvault.jdbc.internal;

import io.credvault.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates and migrates the schema, recording its version in {@code <prefix>schema_version}. Safe when several
 * instances start at once: PostgreSQL takes a transaction-scoped advisory lock, MariaDB a named lock, and
 * H2 (one process) a JVM lock.
 */
public final class Schema {
    public static final int CURRENT_VERSION = 1;
    private static final Object H2_LOCK = new Object();

    private Schema() {
    }

    /** The DDL of {@code dialect} with the default {@code cv_} prefix replaced by {@code prefix}. */
    public static List<String> statements(Dialect dialect, String prefix) {
        String sql;
        try (InputStream in = Schema.class.getResourceAsStream("/io/credvault/jdbc/" + dialect.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + dialect.schemaResource());
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + dialect.schemaResource(), e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String stmt = current.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1).replace("cv_", prefix));
                current.setLength(0);
            }
        }
        return out;
    }

    /** Brings the schema to {@link #CURRENT_VERSION}, or, if {@code autoMigrate} is off, checks that it is there. */
    public static void migrate(Jdbi jdbi, Dialect dialect, String prefix, boolean autoMigrate) {
        if (!autoMigrate) {
            int found = jdbi.withHandle(h -> version(h, prefix)).orElse(0);
            if (found != CURRENT_VERSION) {
                throw new StorageException("credvault schema version " + found + " found with table prefix '" + prefix
                        + "', version " + CURRENT_VERSION + " required; apply " + dialect.schemaResource()
                        + " or enable autoMigrate", null);
            }
            return;
        }
        switch (dialect) {
            case POSTGRESQL -> jdbi.useTransaction(h -> {
                h.createQuery("SELECT pg_advisory_xact_lock(?)").bind(0, (long) ("credvault:" + prefix).hashCode())
                        .mapTo(String.class).list();
                apply(h, dialect, prefix);
            });
            case MARIADB -> jdbi.useHandle(h -> {
                String lock = "credvault_migrate_" + prefix;
                Integer got = h.createQuery("SELECT GET_LOCK(?, 60)").bind(0, lock).mapTo(Integer.class).one();
                if (got == null || got != 1) {
                    throw new StorageException("could not take the migration lock '" + lock + "' within 60 s", null);
                }
                try {
                    apply(h, dialect, prefix);
                } finally {
                    h.createQuery("SELECT RELEASE_LOCK(?)").bind(0, lock).mapTo(Integer.class).list();
                }
            });
            case H2 -> {
                synchronized (H2_LOCK) {
                    jdbi.useTransaction(h -> apply(h, dialect, prefix));
                }
            }
        }
    }

    private static void apply(Handle h, Dialect dialect, String prefix) {
        h.execute("CREATE TABLE IF NOT EXISTS " + prefix + "schema_version (version INT NOT NULL PRIMARY KEY)");
        int found = version(h, prefix).orElse(0);
        if (found > CURRENT_VERSION) {
            throw new StorageException("credvault schema version " + found + " is newer than this library supports ("
                    + CURRENT_VERSION + "); upgrade credvault", null);
        }
        if (found == CURRENT_VERSION) {
            return;
        }
        // The DDL ends by recording its version in schema_version.
        for (String stmt : statements(dialect, prefix)) {
            h.execute(stmt);
        }
    }

    private static Optional<Integer> version(Handle h, String prefix) {
        try {
            return Optional.ofNullable(h.createQuery("SELECT MAX(version) FROM " + prefix + "schema_version").mapTo(Integer.class).one());
        } catch (RuntimeException missingTable) {
            return Optional.empty();
        }
    }
}
