package io.credvault.jdbc.internal;

import io.credvault.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Versioned schema migrations. Each is a numbered script per dialect ({@code migrations/<dialect>/V<n>__<name>.sql}),
 * applied in order and recorded in {@code <prefix>schema_history} with a SHA-256 checksum of its statements; a
 * recorded migration whose script changed is refused. Several instances may open an empty or older database at
 * once: the one holding the row in {@code <prefix>schema_lock} migrates (a row with an expiry, not a session lock,
 * so it works through a connection pooler in transaction mode and is taken over when its holder died), the others
 * wait for it and find nothing left to do. {@code <prefix>schema_version} keeps the highest version, as release 0.1
 * read it, so an instance of 0.1 refuses a database migrated past what it knows; a 0.1 database (version 1, no
 * history) is recorded as having V1.
 */
public final class Schema {
    /** The migrations, in order. Add to the end only; never edit one that was released. */
    private static final List<String> MIGRATIONS = List.of("V1__initial", "V2__health_and_expiry", "V3__leases",
            "V4__credential_updates_in_place", "V5__journal_hashed_indexes", "V6__journal_block_indexes");
    public static final int CURRENT_VERSION = MIGRATIONS.size();
    static final long LOCK_MILLIS = 5 * 60_000L;
    static final long WAIT_MILLIS = 60_000L;

    /** One migration script of one dialect. */
    public record Migration(int version, String name, List<String> statements, String checksum) {
    }

    private Schema() {
    }

    /** The migrations of {@code dialect}, with the default {@code cv_} prefix. */
    public static List<Migration> migrations(Dialect dialect) {
        List<Migration> out = new ArrayList<>();
        for (String file : MIGRATIONS) {
            int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
            List<String> statements = statements(read("migrations/" + dialect.folder() + "/" + file + ".sql"));
            out.add(new Migration(version, file.substring(file.indexOf("__") + 2).replace('_', ' '), statements, checksum(statements)));
        }
        return out;
    }

    /**
     * The whole schema as one script for DBAs who apply DDL themselves (with the default {@code cv_} prefix):
     * the bookkeeping tables, every migration, and the rows that record them. Shipped as
     * {@code schema-<dialect>.sql}; a test checks the shipped file equals this.
     */
    public static String dbaScript(Dialect dialect) {
        StringBuilder sql = new StringBuilder("-- credvault schema version " + CURRENT_VERSION + " for " + dialect.displayName()
                + ", all migrations in one script. Times are microseconds since the epoch (UTC).\n"
                + "-- The table prefix is cv_: replace it to use another. Generated from the migrations; do not edit.\n");
        for (String stmt : bookkeeping("cv_")) {
            sql.append(stmt).append(";\n");
        }
        for (Migration m : migrations(dialect)) {
            sql.append("-- V").append(m.version()).append(": ").append(m.name()).append('\n');
            for (String stmt : m.statements()) {
                sql.append(stmt).append(";\n");
            }
            sql.append("INSERT INTO cv_schema_history (version, description, checksum, applied_at) VALUES (")
                    .append(m.version()).append(", '").append(m.name()).append("', '").append(m.checksum()).append("', 0);\n");
            sql.append("INSERT INTO cv_schema_version (version) VALUES (").append(m.version()).append(");\n");
        }
        return sql.toString();
    }

    /**
     * Brings the schema to {@link #CURRENT_VERSION}; with {@code autoMigrate} off, only checks that it is there and
     * names what is pending.
     */
    public static void migrate(Jdbi jdbi, Dialect dialect, String prefix, boolean autoMigrate) {
        List<Migration> known = migrations(dialect);
        if (!autoMigrate) {
            Map<Integer, String> applied = jdbi.withHandle(h -> applied(h, prefix, false));
            List<Migration> pending = check(known, applied, prefix);
            if (!pending.isEmpty()) {
                throw new StorageException("credvault schema version " + applied.size() + " found with table prefix '" + prefix
                        + "', version " + CURRENT_VERSION + " required; pending: " + describe(pending) + ". Apply "
                        + dialect.schemaResource() + " (or the scripts under io/credvault/jdbc/migrations/" + dialect.folder()
                        + "/ from V" + pending.get(0).version() + ") or enable autoMigrate", null);
            }
            return;
        }
        jdbi.useHandle(h -> {
            for (String stmt : bookkeeping(prefix)) {
                createConcurrently(h, stmt);
            }
        });
        String holder = UUID.randomUUID().toString();
        lock(jdbi, prefix, holder);
        try {
            Map<Integer, String> applied = jdbi.withHandle(h -> applied(h, prefix, true));
            for (Migration m : check(known, applied, prefix)) {
                apply(jdbi, dialect, prefix, m);
            }
        } finally {
            jdbi.useHandle(h -> h.execute("DELETE FROM " + prefix + "schema_lock WHERE id = 1 AND holder = ?", holder));
        }
    }

    /** The migrations not yet applied; refuses a database ahead of this library or a changed script. */
    private static List<Migration> check(List<Migration> known, Map<Integer, String> applied, String prefix) {
        List<Migration> pending = new ArrayList<>();
        for (Map.Entry<Integer, String> a : applied.entrySet()) {
            if (a.getKey() > known.size()) {
                throw new StorageException("credvault schema version " + a.getKey() + " (table prefix '" + prefix
                        + "') is newer than this library supports (" + CURRENT_VERSION + "); upgrade credvault", null);
            }
            Migration m = known.get(a.getKey() - 1);
            if (!a.getValue().isEmpty() && !m.checksum().equals(a.getValue())) {
                throw new StorageException("migration V" + m.version() + " (" + m.name() + ") was recorded with checksum "
                        + a.getValue() + " but this library's script has " + m.checksum()
                        + ": the schema was changed outside credvault or by another build; refusing to continue", null);
            }
        }
        for (Migration m : known) {
            if (!applied.containsKey(m.version())) {
                pending.add(m);
            }
        }
        return pending;
    }

    private static void apply(Jdbi jdbi, Dialect dialect, String prefix, Migration m) {
        try {
            jdbi.useTransaction(h -> {
                for (String stmt : m.statements()) {
                    h.execute(stmt.replace("cv_", prefix));
                }
                h.execute("INSERT INTO " + prefix + "schema_history (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)",
                        m.version(), m.name(), m.checksum(), System.currentTimeMillis() * 1000);
                h.execute("INSERT INTO " + prefix + "schema_version (version) VALUES (?)", m.version());
            });
        } catch (RuntimeException e) {
            throw new StorageException("schema migration V" + m.version() + " (" + m.name() + ") failed on " + dialect.displayName()
                    + (dialect == Dialect.MARIADB ? " (MariaDB commits DDL statement by statement: the scripts are written to be re-run)" : "")
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applied migrations by version, with their checksums. A database of release 0.1 (schema_version 1, no history)
     * counts as having V1; with {@code record}, that is written to the history.
     */
    private static Map<Integer, String> applied(Handle h, String prefix, boolean record) {
        Map<Integer, String> out = new LinkedHashMap<>();
        boolean history = exists(h, prefix + "schema_history");
        if (history) {
            h.createQuery("SELECT version, checksum FROM " + prefix + "schema_history ORDER BY version")
                    .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getString(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        int legacy = legacyVersion(h, prefix).orElse(0);
        if (legacy > CURRENT_VERSION) {
            out.put(legacy, "");
        } else if (out.isEmpty() && legacy == 1) {
            out.put(1, ""); // release 0.1: V1 by definition, no checksum recorded then
            if (record && history) {
                h.execute("INSERT INTO " + prefix + "schema_history (version, description, checksum, applied_at) VALUES (1, ?, '', ?)",
                        "initial (release 0.1, recorded on upgrade)", System.currentTimeMillis() * 1000);
            }
        }
        return out;
    }

    /** Takes the migration lock row, taking it over when its holder's time ran out; waits up to a minute. */
    private static void lock(Jdbi jdbi, String prefix, String holder) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            long now = System.currentTimeMillis();
            boolean got = jdbi.withHandle(h -> {
                try {
                    h.execute("INSERT INTO " + prefix + "schema_lock (id, holder, expires_at) VALUES (1, ?, ?)", holder, now + LOCK_MILLIS);
                    return true;
                } catch (RuntimeException held) {
                    return h.execute("UPDATE " + prefix + "schema_lock SET holder = ?, expires_at = ? WHERE id = 1 AND expires_at < ?",
                            holder, now + LOCK_MILLIS, now) == 1;
                }
            });
            if (got) {
                return;
            }
            if (now > deadline) {
                String by = jdbi.withHandle(h -> h.createQuery("SELECT holder FROM " + prefix + "schema_lock WHERE id = 1")
                        .mapTo(String.class).findOne().orElse("nobody"));
                throw new StorageException("could not take the schema migration lock (" + prefix + "schema_lock, held by " + by
                        + ") within " + WAIT_MILLIS / 1000 + " s; a holder that died releases it after " + LOCK_MILLIS / 60_000 + " min", null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for the schema migration lock", e);
            }
        }
    }

    /** {@code CREATE TABLE IF NOT EXISTS} that tolerates another instance creating the same table at that moment. */
    private static void createConcurrently(Handle h, String stmt) {
        for (int attempt = 1; ; attempt++) {
            try {
                h.execute(stmt);
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static List<String> bookkeeping(String prefix) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + prefix + "schema_history (version INT NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + prefix + "schema_lock (id INT NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL, "
                        + "expires_at BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + prefix + "schema_version (version INT NOT NULL PRIMARY KEY)");
    }

    private static boolean exists(Handle h, String table) {
        try {
            h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").mapTo(Long.class).one();
            return true;
        } catch (RuntimeException missing) {
            return false;
        }
    }

    private static Optional<Integer> legacyVersion(Handle h, String prefix) {
        if (!exists(h, prefix + "schema_version")) {
            return Optional.empty();
        }
        return Optional.ofNullable(h.createQuery("SELECT MAX(version) FROM " + prefix + "schema_version").mapTo(Integer.class).one());
    }

    private static String describe(List<Migration> pending) {
        List<String> names = new ArrayList<>();
        pending.forEach(m -> names.add("V" + m.version() + " (" + m.name() + ")"));
        return String.join(", ", names);
    }

    private static String read(String resource) {
        try (InputStream in = Schema.class.getResourceAsStream("/io/credvault/jdbc/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + resource, e);
        }
    }

    /** The statements of a script: comments and blank lines dropped, split at a {@code ;} ending a line. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String stmt = current.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                current.setLength(0);
            }
        }
        return out;
    }

    private static String checksum(List<String> statements) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", statements).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
