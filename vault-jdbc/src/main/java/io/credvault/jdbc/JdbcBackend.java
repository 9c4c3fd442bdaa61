package io.credvault.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.credvault.CommitUnknownException;
import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.StorageException;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.jdbc.internal.Rows;
import io.credvault.jdbc.internal.Schema;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * The durable {@link VaultBackend}: Jdbi over H2 (embedded default), PostgreSQL or MariaDB.
 *
 * <pre>{@code
 * JdbcBackend.h2File(Path.of("data/vault"));                         // embedded, one process
 * JdbcBackend.url("jdbc:postgresql://db:5432/app?user=app");         // many instances share it
 * JdbcBackend.builder(hostDataSource).tablePrefix("vault_").build(); // the host's own pool
 * }</pre>
 *
 * <p>The schema is created and migrated on open unless {@link Builder#autoMigrate(boolean)} is off. Every
 * state change commits with its journal entry in one transaction; compare-and-set runs on the version column.
 * The lookup by id ({@link #find}) is a plain prepared statement on a pooled connection, to stay near raw JDBC
 * speed; everything else goes through Jdbi. Failures are thrown as {@link StorageException} wrapping the
 * {@link SQLException}.
 */
public final class JdbcBackend implements VaultBackend {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,15}");
    /** One lock per embedded H2 database (by URL): see {@link #inTransaction}. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.locks.ReentrantLock> H2_WRITERS =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * How long H2 keeps a persisted chunk before its space may be reused. H2's default of 45 s keeps every chunk
     * written in the last 45 s; with one chunk per commit that is tens of KB per write, and a file that grew to
     * 8 GB for 200,000 credentials. One second bounds the dead space by one second of writes; 0 (reuse at once)
     * is not used, as H2 has open reports of files that no longer open after reuse at 0.
     */
    static final int H2_RETENTION_MILLIS = 1000;

    private final DataSource dataSource;
    private final @Nullable AutoCloseable ownedPool;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String prefix;
    private final String t;
    private final String findSql;
    private final java.util.concurrent.locks.@Nullable ReentrantLock writeLock;
    private final Timeouts timeouts;
    /** A persistent H2 database: each write transaction is written to the file before it returns. */
    private final boolean h2Persistent;
    private boolean shutdownOnClose; // an in-memory H2 database of h2Memory: dropped by close()

    private JdbcBackend(DataSource dataSource, @Nullable AutoCloseable ownedPool, String prefix, boolean autoMigrate,
                        Timeouts timeouts) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.prefix = prefix;
        this.t = prefix + "credentials";
        this.timeouts = timeouts;
        this.jdbi = Jdbi.create(dataSource);
        int statementSeconds = (int) Math.max(1, timeouts.statement().toSeconds());
        this.jdbi.addCustomizer(new org.jdbi.v3.core.statement.StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
                stmt.setQueryTimeout(statementSeconds);
            }
        });
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c);
            String url = c.getMetaData().getURL();
            this.writeLock = dialect == Dialect.H2
                    ? H2_WRITERS.computeIfAbsent(url, u -> new java.util.concurrent.locks.ReentrantLock())
                    : null;
            this.h2Persistent = dialect == Dialect.H2 && !url.startsWith("jdbc:h2:mem:");
            if (h2Persistent) {
                try (var s = c.createStatement()) {
                    s.execute("SET RETENTION_TIME " + H2_RETENTION_MILLIS);
                }
            }
        } catch (SQLException e) {
            closeQuietly(ownedPool);
            throw storage("connect", e, timeouts);
        }
        try {
            Schema.migrate(jdbi, dialect, prefix, autoMigrate);
        } catch (JdbiException e) {
            closeQuietly(ownedPool);
            throw storage("schema migration", e, timeouts);
        } catch (RuntimeException e) {
            closeQuietly(ownedPool);
            throw e;
        }
        this.findSql = "SELECT " + Rows.CREDENTIAL_COLUMNS + " FROM " + t + " WHERE id = ?";
    }

    /**
     * An embedded H2 database in the file {@code path} (H2 adds {@code .mv.db}). Each write transaction is
     * written to the file and synced to the disk before it returns ({@code CHECKPOINT SYNC} after the commit),
     * while H2's background writer keeps compacting the file; see the README's durability notes.
     */
    public static JdbcBackend h2File(Path path) {
        return url("jdbc:h2:file:" + path.toAbsolutePath());
    }

    /** A private in-memory H2 database named {@code name}, alive until {@link #close()}. */
    public static JdbcBackend h2Memory(String name) {
        JdbcBackend backend = url("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        backend.shutdownOnClose = true;
        return backend;
    }

    /**
     * Opens the database at {@code jdbcUrl} with a HikariCP pool the backend owns (credentials in the URL, e.g.
     * {@code ?user=app&password=...}). HikariCP rather than H2's own pool for H2 too: H2's pool rolls back
     * every connection it takes back, which empties that session's cache of parsed statements, so every
     * lookup would parse and plan its SQL again.
     */
    public static JdbcBackend url(String jdbcUrl) {
        return builder(jdbcUrl).build();
    }

    /** Starts a backend over a {@code DataSource} the host owns (and closes). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /**
     * Starts a backend on {@code jdbcUrl} with a HikariCP pool the backend owns, so that its timeouts can be set
     * ({@link Builder#connectTimeout}, {@link Builder#socketTimeout}, {@link Builder#statementTimeout}).
     */
    public static Builder builder(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:, got '"
                    + redact(jdbcUrl) + "'");
        }
        return new Builder(null, jdbcUrl);
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***");
    }

    private static HikariDataSource pool(String jdbcUrl, Timeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setConnectionTimeout(Math.max(250, timeouts.connect().toMillis()));
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            config.setUsername("sa");
            config.setPassword("");
            config.setMaximumPoolSize(16);
            config.setMinimumIdle(2);
        } else {
            config.setMaximumPoolSize(10);
            // driver properties; a value given in the URL itself takes precedence
            boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
            long connect = timeouts.connect().toMillis();
            long socket = timeouts.socket().toMillis();
            config.addDataSourceProperty("connectTimeout", String.valueOf(postgres ? Math.max(1, connect / 1000) : connect));
            config.addDataSourceProperty("socketTimeout", String.valueOf(postgres ? Math.max(1, socket / 1000) : socket));
        }
        config.setPoolName("credvault");
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    public Dialect dialect() {
        return dialect;
    }

    public String tablePrefix() {
        return prefix;
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(findSql)) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.credential(rs)) : Optional.empty();
            }
        } catch (SQLException | IllegalStateException e) {
            throw storage("find credential", e);
        }
    }

    @Override
    public List<StoredCredential> list(OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit) {
        List<Object> args = new ArrayList<>();
        return query("list credentials", listSql(owner, filter, after, limit, args), args, Rows::credential);
    }

    /** The keyset page query of {@link #list}; fills {@code args}. Package-private for the plan test. */
    String listSql(OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit, List<Object> args) {
        // a keyset page walks the (owner_id, id) index from the cursor and stops at the limit: no sort
        StringBuilder sql = new StringBuilder("SELECT " + Rows.CREDENTIAL_COLUMNS + " FROM " + t
                + dialect.useIndex(prefix + "credentials_owner") + " WHERE owner_id = ?");
        args.add(owner.value());
        if (after != null) {
            sql.append(" AND id > ?");
            args.add(after.value());
        }
        if (filter.provider() != null) {
            sql.append(" AND provider = ?");
            args.add(filter.provider());
        }
        if (filter.category() != null) {
            sql.append(" AND category = ?");
            args.add(filter.category());
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status().name());
        }
        if (filter.namePrefix() != null) {
            sql.append(" AND name LIKE ? ESCAPE '!'");
            args.add(Rows.likePrefix(filter.namePrefix()));
        }
        switch (filter.deletion()) {
            case ACTIVE -> sql.append(" AND deleted_at IS NULL");
            case DELETED -> sql.append(" AND deleted_at IS NOT NULL");
            case ALL -> { }
        }
        sql.append(" ORDER BY owner_id, id LIMIT ?"); // owner_id first: H2 sees the index order only so
        args.add(limit);
        return sql.toString();
    }

    @Override
    public void recordUse(CredentialId id, Instant at) {
        recordUses(Map.of(id, at));
    }

    @Override
    public void recordUses(Map<CredentialId, Instant> uses) {
        if (uses.isEmpty()) {
            return;
        }
        // one short transaction; ids in order, so writers on other instances take row locks in the same order
        TreeMap<CredentialId, Instant> ordered = new TreeMap<>(uses);
        inTransaction(tx -> {
            ((Tx) tx).recordUses(ordered);
            return null;
        });
    }

    @Override
    public List<StoredCredential> sealedUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        if (versions.isEmpty()) {
            return List.of();
        }
        // A walk of the primary key that filters on key_version and stops at the limit: there is deliberately no
        // index on key_version, which every rewrap UPDATE (and every write) would also have to maintain.
        List<Object> args = new ArrayList<>(versions);
        StringBuilder sql = new StringBuilder("SELECT " + Rows.CREDENTIAL_COLUMNS + " FROM " + t + " WHERE key_version IN (");
        sql.append("?, ".repeat(versions.size() - 1)).append("?)");
        if (after != null) {
            sql.append(" AND id > ?");
            args.add(after.value());
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return query("list credentials by key version", sql.toString(), args, Rows::credential);
    }

    @Override
    public Map<Integer, Long> countByKeyVersion() {
        Map<Integer, Long> out = new TreeMap<>();
        query("count by key version", "SELECT key_version, COUNT(*) FROM " + t + " GROUP BY key_version", List.of(),
                rs -> out.put(rs.getInt(1), rs.getLong(2)));
        return out;
    }

    @Override
    public Map<String, Long> contents() {
        Map<String, Long> out = new TreeMap<>();
        Map.of("credentials", "credentials", "journal", "journal", "keys", "keys", "settings", "settings",
                "apiKeys", "api_keys", "providerCalls", "provider_calls").forEach((kind, table) ->
                out.put(kind, query("count " + table, "SELECT COUNT(*) FROM " + prefix + table, List.of(), rs -> rs.getLong(1)).get(0)));
        return out;
    }

    @Override
    public List<KeyRecord> keys() {
        return query("read keyring", "SELECT " + Rows.KEY_COLUMNS + " FROM " + prefix + "keys ORDER BY version", List.of(), Rows::key);
    }

    @Override
    public Optional<String> setting(String name) {
        return query("read setting", "SELECT setting_value FROM " + prefix + "settings WHERE setting_name = ?", List.of(name),
                rs -> rs.getString(1)).stream().findFirst();
    }

    @Override
    public List<JournalEvent> events(EventQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.EVENT_COLUMNS + " FROM " + prefix + "journal WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.cursor() != 0) {
            sql.append(q.newestFirst() ? " AND seq < ?" : " AND seq > ?");
            args.add(q.cursor());
        }
        if (!q.types().isEmpty()) {
            sql.append(" AND type IN (").append("?, ".repeat(q.types().size() - 1)).append("?)");
            args.addAll(new java.util.TreeSet<>(q.types()));
        }
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            args.add(micros(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            args.add(micros(q.to()));
        }
        if (q.owner() != null) {
            sql.append(" AND owner_id = ?");
            args.add(q.owner().value());
        }
        if (q.credentialId() != null) {
            sql.append(" AND credential_id = ?");
            args.add(q.credentialId().value());
        }
        sql.append(q.newestFirst() ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?");
        args.add(q.limit());
        return query("read journal", sql.toString(), args, Rows::event);
    }

    @Override
    public List<ProviderCallRow> providerCalls(CredentialId id, long beforeId, int limit) {
        return query("read provider calls", "SELECT " + Rows.CALL_COLUMNS + " FROM " + prefix + "provider_calls WHERE credential_id = ?"
                + (beforeId == 0 ? "" : " AND id < " + beforeId) + " ORDER BY id DESC LIMIT ?", List.of(id.value(), limit), Rows::call);
    }

    @Override
    public Optional<ApiKeyRow> apiKeyByHash(String hash) {
        return query("find API key", "SELECT " + Rows.API_KEY_COLUMNS + " FROM " + prefix + "api_keys WHERE hash = ?",
                List.of(hash), Rows::apiKey).stream().findFirst();
    }

    @Override
    public List<ApiKeyRow> liveApiKeys(OwnerId owner) {
        return query("list API keys", "SELECT " + Rows.API_KEY_COLUMNS + " FROM " + prefix + "api_keys WHERE owner_id = ? "
                + "AND state <> 'REVOKED' ORDER BY created_at", List.of(owner.value()), Rows::apiKey);
    }

    @Override
    public void recordApiKeyUse(String id, Instant at) {
        long micros = Rows.micros(at);
        run("record API key use", h -> h.createUpdate("UPDATE " + prefix + "api_keys SET last_used = ? WHERE id = ? "
                + "AND (last_used IS NULL OR last_used < ?)").bind(0, micros).bind(1, id).bind(2, micros).execute());
    }

    /**
     * Runs {@code work} in one transaction. A failure before the commit rolls back: {@link StorageException},
     * nothing was committed. A failure of the commit itself (a connection lost while committing) has an unknown
     * outcome: {@link CommitUnknownException}. On a persistent H2 database the commit is followed by a
     * {@code CHECKPOINT SYNC}, so the change is in the file, synced to the disk, when this returns.
     *
     * <p>On H2, write transactions of one database are also serialised in the JVM: embedded H2 is one process by
     * definition, and H2's row locking under MVStore has had stale-read-after-lock-wait defects, so
     * compare-and-set and the key counter must not rest on it. PostgreSQL and MariaDB rely on row locks
     * ({@code SELECT ... FOR UPDATE}) and the version column.
     */
    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        if (writeLock != null) {
            writeLock.lock();
        }
        Handle h = null;
        try {
            h = jdbi.open();
            h.begin();
            T result = work.run(new Tx(h));
            commit(h);
            return result;
        } catch (JdbiException | IllegalStateException e) {
            rollbackQuietly(h);
            throw storage("transaction", e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(h);
            throw e;
        } finally {
            if (h != null) {
                release(h);
            }
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    private void commit(Handle h) {
        try {
            h.commit();
            if (h2Persistent) {
                h.execute("CHECKPOINT SYNC");
            }
        } catch (JdbiException | IllegalStateException e) {
            throw new CommitUnknownException("the commit failed (" + detail(e, timeouts)
                    + "); the change may or may not have been committed: re-read to find out", e);
        }
    }

    private static void rollbackQuietly(@Nullable Handle h) {
        if (h == null) {
            return;
        }
        try {
            if (h.isInTransaction()) {
                h.rollback();
            }
        } catch (RuntimeException ignored) {
            // the connection is gone (even asking for its state fails): the server rolls back on its own, and the
            // failure being reported is the one that matters
        }
    }

    private static void release(Handle h) {
        try {
            h.close();
        } catch (RuntimeException ignored) {
            // a connection that failed is discarded by the pool; the outcome was decided above
        }
    }

    @Override
    public void close() {
        try {
            if (shutdownOnClose) {
                shutdownOnClose = false;
                shutdown();
            }
        } finally {
            closeQuietly(ownedPool);
        }
    }

    private void shutdown() {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // closing the statement after the shutdown it ran reports the database closed: that is success
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN) {
                throw new StorageException("shutting down the in-memory database failed: " + e.getMessage(), e);
            }
        }
    }

    private static void closeQuietly(@Nullable AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                throw new StorageException("closing the connection pool failed: " + e.getMessage(), e);
            }
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, List<?> args, RowReader<T> reader) {
        return run(what, h -> query(h, sql, args, reader));
    }

    private static <T> List<T> query(Handle h, String sql, List<?> args, RowReader<T> reader) {
        var q = h.createQuery(sql);
        bindAll(q, args);
        return q.map((rs, ctx) -> reader.read(rs)).list();
    }

    private static void bindAll(SqlStatement<?> s, List<?> args) {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof String str) {
                s.bind(i, str);
            } else if (a instanceof Integer n) {
                s.bind(i, n.intValue());
            } else if (a instanceof Long n) {
                s.bind(i, n.longValue());
            } else if (a instanceof byte[] b) {
                s.bind(i, b);
            } else if (a == null) {
                throw new IllegalArgumentException("use NullOf for null argument " + i);
            } else if (a instanceof NullOf n) {
                s.bindNull(i, n.sqlType());
            } else {
                throw new IllegalArgumentException("unsupported argument type " + a.getClass());
            }
        }
    }

    /** A typed SQL NULL argument. */
    private record NullOf(int sqlType) {
    }

    private static Object str(@Nullable String s) {
        return s == null ? new NullOf(Types.VARCHAR) : s;
    }

    private static Object micros(@Nullable Instant at) {
        Long m = Rows.micros(at);
        return m == null ? new NullOf(Types.BIGINT) : m;
    }

    private <T> T run(String what, java.util.function.Function<Handle, T> body) {
        try {
            return jdbi.withHandle(body::apply);
        } catch (JdbiException | IllegalStateException e) {
            throw storage(what, e);
        }
    }

    private StorageException storage(String what, Throwable e) {
        return storage(what, e, timeouts);
    }

    static StorageException storage(String what, Throwable e, Timeouts timeouts) {
        return new StorageException("database operation '" + what + "' failed (" + detail(e, timeouts) + "); nothing was committed", e);
    }

    /** The SQL state and message of the first {@link SQLException} in {@code e}'s causes, naming a timeout that expired. */
    static String detail(Throwable e, Timeouts timeouts) {
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

    /** One Jdbi transaction seen through the SPI. */
    private final class Tx implements BackendTransaction {
        private final Handle h;

        Tx(Handle h) {
            this.h = h;
        }

        private int update(String what, String sql, List<?> args) {
            return update(what, sql, args, "an active credential with that name already exists for this owner");
        }

        /** A journal insert: a sequence number already taken means rows were put beyond the authenticated head. */
        private void journalInsert(String what, String sql, List<?> args) {
            try {
                var u = h.createUpdate(sql);
                bindAll(u, args);
                u.execute();
            } catch (JdbiException e) {
                if (Dialect.isUniqueViolation(e)) {
                    throw new io.credvault.IntegrityException("the journal holds an entry with sequence number " + args.get(0)
                            + " beyond its authenticated head: rows were added to the journal outside the vault");
                }
                throw storage(what, e);
            }
        }

        /** Runs an update; a unique-key violation becomes a {@link ConflictException} saying {@code conflict}. */
        private int update(String what, String sql, List<?> args, String conflict) {
            try {
                var u = h.createUpdate(sql);
                bindAll(u, args);
                return u.execute();
            } catch (JdbiException e) {
                if (Dialect.isUniqueViolation(e)) {
                    throw new ConflictException(conflict);
                }
                throw storage(what, e);
            }
        }

        private <T> List<T> select(String what, String sql, List<?> args, RowReader<T> reader) {
            try {
                return query(h, sql, args, reader);
            } catch (JdbiException e) {
                throw storage(what, e);
            }
        }

        @Override
        public Optional<StoredCredential> find(CredentialId id) {
            return select("find credential for update", findSql + " FOR UPDATE", List.of(id.value()), Rows::credential)
                    .stream().findFirst();
        }

        @Override
        public boolean activeNameExists(OwnerId owner, String name) {
            return !select("check name", "SELECT id FROM " + t + " WHERE owner_id = ? AND active_name = ?",
                    List.of(owner.value(), name), rs -> rs.getString(1)).isEmpty();
        }

        @Override
        public void insert(StoredCredential c) {
            update("insert credential", "INSERT INTO " + t + " (" + Rows.CREDENTIAL_COLUMNS + ", active_name) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", List.of(
                    c.id().value(), c.owner().value(), c.name(), str(c.description()), c.provider(), str(c.category()),
                    c.status().name(), micros(c.deletedAt()), micros(c.lastUsed()), micros(c.createdAt()),
                    micros(c.updatedAt()), c.version(), micros(c.expiresAt()), c.fingerprint(),
                    Rows.fieldNames(c.fieldNames()), c.keyVersion(), c.sealed(), str(c.deleted() ? null : c.name())));
        }

        @Override
        public boolean update(StoredCredential c, long expectedVersion) {
            return update("update credential", "UPDATE " + t + " SET name = ?, active_name = ?, description = ?, category = ?, "
                    + "status = ?, deleted_at = ?, updated_at = ?, version = ?, expires_at = ?, fingerprint = ?, "
                    + "field_names = ?, key_version = ?, sealed = ? WHERE id = ? AND version = ?", List.of(
                    c.name(), str(c.deleted() ? null : c.name()), str(c.description()), str(c.category()),
                    c.status().name(), micros(c.deletedAt()), micros(c.updatedAt()), c.version(), micros(c.expiresAt()),
                    c.fingerprint(), Rows.fieldNames(c.fieldNames()), c.keyVersion(), c.sealed(), c.id().value(),
                    expectedVersion)) == 1;
        }

        void recordUses(Map<CredentialId, Instant> uses) {
            try {
                var batch = h.prepareBatch("UPDATE " + t + " SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)");
                uses.forEach((id, at) -> {
                    long micros = Rows.micros(at);
                    batch.bind(0, micros).bind(1, id.value()).bind(2, micros).add();
                });
                batch.execute();
            } catch (JdbiException e) {
                throw storage("record use", e);
            }
        }

        @Override
        public boolean[] swapSealed(List<StoredCredential> seen, List<StoredCredential> next) {
            boolean[] done = new boolean[seen.size()];
            if (seen.isEmpty()) {
                return done;
            }
            int[] counts;
            try {
                var batch = h.prepareBatch("UPDATE " + t + " SET sealed = ?, key_version = ? WHERE id = ? AND version = ? AND key_version = ?");
                for (int i = 0; i < seen.size(); i++) {
                    StoredCredential s = seen.get(i);
                    bindAll(batch, List.of(next.get(i).sealed(), next.get(i).keyVersion(), s.id().value(), s.version(), s.keyVersion()));
                    batch.add();
                }
                counts = batch.execute();
            } catch (JdbiException e) {
                throw storage("rewrap batch", e);
            }
            for (int i = 0; i < done.length; i++) {
                if (counts[i] >= 0) {
                    done[i] = counts[i] == 1;
                } else {
                    // the driver did not report this row's count: read back whether our ciphertext is there
                    StoredCredential n = next.get(i);
                    done[i] = find(n.id()).map(c -> java.util.Arrays.equals(c.sealed(), n.sealed())).orElse(false);
                }
            }
            return done;
        }

        @Override
        public boolean delete(CredentialId id) {
            return update("purge credential", "DELETE FROM " + t + " WHERE id = ?", List.of(id.value())) == 1;
        }

        @Override
        public void append(JournalEvent e) {
            journalInsert("append journal entry", "INSERT INTO " + prefix + "journal (" + Rows.EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    List.of(e.seq(), micros(e.at()), str(e.owner() == null ? null : e.owner().value()),
                            str(e.credentialId() == null ? null : e.credentialId().value()), e.type(), str(e.actor()),
                            Rows.details(e.details()), e.mac()));
        }

        @Override
        public void appendAll(List<JournalEvent> events) {
            if (events.size() == 1) {
                append(events.get(0));
                return;
            }
            try {
                var batch = h.prepareBatch("INSERT INTO " + prefix + "journal (" + Rows.EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                for (JournalEvent e : events) {
                    bindAll(batch, List.of(e.seq(), micros(e.at()), str(e.owner() == null ? null : e.owner().value()),
                            str(e.credentialId() == null ? null : e.credentialId().value()), e.type(), str(e.actor()),
                            Rows.details(e.details()), e.mac()));
                    batch.add();
                }
                batch.execute();
            } catch (JdbiException ex) {
                if (Dialect.isUniqueViolation(ex)) {
                    throw new io.credvault.IntegrityException("the journal holds an entry with a sequence number beyond its "
                            + "authenticated head: rows were added to the journal outside the vault");
                }
                throw storage("append journal entries", ex);
            }
        }

        @Override
        public int deleteEventsUpTo(long upTo) {
            return update("purge journal", "DELETE FROM " + prefix + "journal WHERE seq <= ?", List.of(upTo));
        }

        @Override
        public long lastSeqBefore(Instant time) {
            return select("find journal position", "SELECT MAX(seq) FROM " + prefix + "journal WHERE at < ?",
                    List.of(Rows.micros(time)), rs -> rs.getLong(1)).get(0);
        }

        @Override
        public long insertProviderCall(ProviderCallRow c) {
            try {
                var u = h.createUpdate("INSERT INTO " + prefix + "provider_calls (owner_id, credential_id, at, status_code, headers, body, status) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)");
                bindAll(u, List.of(c.owner().value(), c.credentialId().value(), micros(c.at()),
                        c.statusCode() == null ? new NullOf(Types.INTEGER) : c.statusCode(), c.headers(), c.body(),
                        str(c.status() == null ? null : c.status().name())));
                return u.executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            } catch (JdbiException ex) {
                throw storage("record provider call", ex);
            }
        }

        @Override
        public int deleteProviderCalls(@Nullable CredentialId credentialId, @Nullable Instant before) {
            StringBuilder sql = new StringBuilder("DELETE FROM " + prefix + "provider_calls WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (credentialId != null) {
                sql.append(" AND credential_id = ?");
                args.add(credentialId.value());
            }
            if (before != null) {
                sql.append(" AND at < ?");
                args.add(micros(before));
            }
            return update("delete provider calls", sql.toString(), args);
        }

        @Override
        public void putApiKey(ApiKeyRow k) {
            String conflict = "owner already has an active API key; rotate or delete it first";
            Object activeOwner = str(k.state().equals("ACTIVE") ? k.owner().value() : null);
            int n = update("update API key", "UPDATE " + prefix + "api_keys SET state = ?, grace_until = ?, revoked_at = ?, "
                    + "active_owner = ? WHERE id = ?", List.of(k.state(), micros(k.graceUntil()), micros(k.revokedAt()),
                    activeOwner, k.id()), conflict);
            if (n == 0) {
                update("insert API key", "INSERT INTO " + prefix + "api_keys (" + Rows.API_KEY_COLUMNS + ", active_owner) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        List.of(k.id(), k.owner().value(), k.prefix(), k.hash(), k.state(), micros(k.createdAt()),
                                micros(k.graceUntil()), micros(k.revokedAt()), micros(k.lastUsed()), activeOwner), conflict);
            }
        }

        @Override
        public List<KeyRecord> keys() {
            return select("read keyring for update", "SELECT " + Rows.KEY_COLUMNS + " FROM " + prefix
                    + "keys ORDER BY version FOR UPDATE", List.of(), Rows::key);
        }

        @Override
        public void putKey(KeyRecord k) {
            int n = update("update key", "UPDATE " + prefix + "keys SET state = ?, wrapped = ?, encryptions_reserved = ?, "
                    + "retired_at = ? WHERE version = ?", List.of(k.state().name(), k.wrapped(), k.encryptionsReserved(),
                    micros(k.retiredAt()), k.version()));
            if (n == 0) {
                update("insert key", "INSERT INTO " + prefix + "keys (" + Rows.KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                        List.of(k.version(), k.state().name(), k.wrapped(), micros(k.createdAt()), k.encryptionsReserved(),
                                micros(k.retiredAt())));
            }
        }

        @Override
        public Optional<String> setting(String name) {
            return select("read setting", "SELECT setting_value FROM " + prefix + "settings WHERE setting_name = ? FOR UPDATE",
                    List.of(name), rs -> rs.getString(1)).stream().findFirst();
        }

        @Override
        public void putSetting(String name, String value) {
            int n = update("update setting", "UPDATE " + prefix + "settings SET setting_value = ? WHERE setting_name = ?",
                    List.of(value, name));
            if (n == 0) {
                update("insert setting", "INSERT INTO " + prefix + "settings (setting_name, setting_value) VALUES (?, ?)",
                        List.of(name, value));
            }
        }
    }

    /** The backend's timeouts; see {@link Builder}. */
    record Timeouts(Duration connect, Duration socket, Duration statement) {
    }

    /**
     * Options for a backend: over a host-owned {@code DataSource} ({@link #builder(DataSource)}) or a URL with a pool
     * the backend owns ({@link #builder(String)}). Each setter refuses a bad value at once.
     */
    public static final class Builder {
        private final @Nullable DataSource dataSource;
        private final @Nullable String jdbcUrl;
        private String tablePrefix = "cv_";
        private boolean autoMigrate = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private Duration statementTimeout = Duration.ofSeconds(15);

        private Builder(@Nullable DataSource dataSource, @Nullable String jdbcUrl) {
            this.dataSource = dataSource;
            this.jdbcUrl = jdbcUrl;
        }

        /** Prefix of every table and index: a lower-case letter then up to 15 of {@code [a-z0-9_]}; default {@code cv_}. */
        public Builder tablePrefix(String prefix) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("tablePrefix must match [a-z][a-z0-9_]{0,15}, got '" + prefix + "'");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /** Whether to create and migrate the schema on open (default true); off, a missing schema fails at open. */
        public Builder autoMigrate(boolean autoMigrate) {
            this.autoMigrate = autoMigrate;
            return this;
        }

        /**
         * Longest wait to open a connection or take one from the owned pool: 250 ms..5 minutes, default 10 s.
         * Applies to the pool the backend owns; a host's {@code DataSource} has its own.
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = range("connectTimeout", timeout, Duration.ofMillis(250), Duration.ofMinutes(5));
            return this;
        }

        /**
         * Longest wait for the server's answer on an owned PostgreSQL or MariaDB connection before it is given up
         * (a black-holed network): 1 s..1 hour, default 30 s; keep it above the statement timeout.
         */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = range("socketTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /** Longest run of one SQL statement before the server is asked to cancel it: 1 s..1 hour, default 15 s. */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = range("statementTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        private static Duration range(String field, @Nullable Duration d, Duration min, Duration max) {
            if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(field + " must be " + min + ".." + max + ", got " + d);
            }
            return d;
        }

        /**
         * Connects, detects the dialect and creates or checks the schema.
         *
         * @throws StorageException if the database cannot be reached or the schema is missing or newer
         */
        public JdbcBackend build() {
            Timeouts timeouts = new Timeouts(connectTimeout, socketTimeout, statementTimeout);
            if (dataSource != null) {
                return new JdbcBackend(dataSource, null, tablePrefix, autoMigrate, timeouts);
            }
            HikariDataSource pool = pool(Objects.requireNonNull(jdbcUrl), timeouts);
            return new JdbcBackend(pool, pool, tablePrefix, autoMigrate, timeouts);
        }
    }
}
