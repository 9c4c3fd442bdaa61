package io.credvault.jdbc;

import io.credvault.CommitUnknownException;
import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.StorageException;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.jdbc.internal.Schema;
import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ExpiryPosition;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallStore;
import io.credvault.spi.SealedRecord;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
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
 * <p>The schema is created and migrated on open unless {@link JdbcBackendBuilder#autoMigrate(boolean)} is off. Every
 * state change commits with its journal entry in one transaction; compare-and-set runs on the version column.
 * The lookup by id ({@link #find}) is a plain prepared statement on a pooled connection, to stay near raw JDBC
 * speed; everything else goes through Jdbi. Failures are thrown as {@link StorageException} wrapping the
 * {@link SQLException}.
 */
public final class JdbcBackend implements VaultBackend {
    private final DataSource dataSource;
    private final @Nullable AutoCloseable ownedPool;
    private final Jdbi jdbi;
    private final Dialect dialect;
    final String prefix;
    private final String t;
    final String findSql;
    private final java.util.concurrent.locks.@Nullable ReentrantLock writeLock;
    private final Timeouts timeouts;
    /** The statement timeout in whole seconds (at least one), which every statement is given as its query timeout. */
    private final int statementSeconds;
    /** A persistent H2 database: each write transaction is written to the file before it returns. */
    private final boolean h2Persistent;
    private boolean shutdownOnClose;
    private final JdbcSideTables sideTables = new JdbcSideTables(this);
    /** Attempts of one transaction that the database rolls back (serialization, deadlock, certification): 1 + 9 retries. */
    static final int MAX_ATTEMPTS = 10;

    JdbcBackend(DataSource dataSource, @Nullable AutoCloseable ownedPool, String prefix, boolean autoMigrate,
                        Timeouts timeouts) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.prefix = prefix;
        this.t = prefix + "credentials";
        this.timeouts = timeouts;
        this.jdbi = Jdbi.create(dataSource);
        Columns.register(jdbi);
        this.statementSeconds = (int) Math.max(1, timeouts.statement().toSeconds());
        this.jdbi.addCustomizer(new org.jdbi.v3.core.statement.StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
                timeout(stmt);
            }
        });
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c);
            String url = c.getMetaData().getURL();
            this.writeLock = dialect == Dialect.H2 ? H2.writeLock(url) : null;
            this.h2Persistent = dialect == Dialect.H2 && H2.persistent(url);
            if (dialect == Dialect.H2) {
                H2.configure(c, h2Persistent);
            }
        } catch (SQLException e) {
            Pools.close(ownedPool);
            throw Failures.storage("connect", e, timeouts);
        }
        try {
            Schema.migrate(jdbi, dialect, prefix, autoMigrate);
        } catch (JdbiException e) {
            Pools.close(ownedPool);
            throw Failures.storage("schema migration", e, timeouts);
        } catch (RuntimeException e) {
            Pools.close(ownedPool);
            throw e;
        }
        this.findSql = "SELECT " + Columns.CREDENTIAL_COLUMNS + " FROM " + t + " WHERE id = ?";
    }

    /**
     * An embedded H2 database in the file {@code path} (H2 adds {@code .mv.db}). Each write transaction is
     * written to the file and synced to the disk before it returns ({@code CHECKPOINT SYNC} after the commit),
     * while H2's background writer keeps compacting the file; see the README's durability notes.
     *
     * <p>A new file is created readable by its owner only (mode 600; a new directory 700). H2's trace file is off
     * ({@code TRACE_LEVEL_FILE=0}): no {@code .trace.db} appears beside it, and H2's errors reach the caller as
     * exceptions. The file is opened by one process
     * at a time: one held by another process fails at once with a {@link io.credvault.StorageException} saying so.
     *
     * @param path the database file without H2's {@code .mv.db} suffix
     * @return the open backend
     */
    public static JdbcBackend h2File(Path path) {
        Path absolute = path.toAbsolutePath();
        Pools.requireDriver("jdbc:h2:");
        H2.prepareFile(absolute);
        return url("jdbc:h2:file:" + absolute + ";TRACE_LEVEL_FILE=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    /**
     * A private in-memory H2 database named {@code name}, alive until {@link #close()}.
     *
     * @param name the database's name, unique per test or use
     * @return the open backend
     */
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
     *
     * @param jdbcUrl the database's JDBC URL
     * @return the open backend
     */
    public static JdbcBackend url(String jdbcUrl) {
        return builder(jdbcUrl).build();
    }

    /**
     * Starts a backend over a {@code DataSource} the host owns (and closes).
     *
     * @param dataSource the host's data source
     * @return a builder
     */
    public static JdbcBackendBuilder builder(DataSource dataSource) {
        return new JdbcBackendBuilder(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /**
     * Starts a backend on {@code jdbcUrl} with a HikariCP pool the backend owns, so that its timeouts can be set
     * ({@link JdbcBackendBuilder#connectTimeout}, {@link JdbcBackendBuilder#socketTimeout}, {@link
     * JdbcBackendBuilder#statementTimeout}).
     *
     * @param jdbcUrl the database's JDBC URL
     * @return a builder
     */
    public static JdbcBackendBuilder builder(String jdbcUrl) {
        return JdbcBackendBuilder.onUrl(jdbcUrl);
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * The prefix of this backend's table names.
     *
     * @return the prefix, {@code cv_} by default
     */
    public String tablePrefix() {
        return prefix;
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(findSql)) {
            timeout(ps); // as every statement Jdbi runs: see the customizer
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Columns.credential(rs, id)) : Optional.empty();
            }
        } catch (SQLException | IllegalStateException e) {
            throw storage("find credential", e);
        }
    }

    @Override
    public List<StoredCredential> findAll(java.util.Collection<CredentialId> ids) {
        return ids.isEmpty() ? List.of()
                : query("find credentials", Queries.byIds(t), q -> q.bindList("ids", List.copyOf(ids)), StoredCredential.class);
    }

    @Override
    public List<StoredCredential> list(@Nullable OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit) {
        Map<String, Object> args = new LinkedHashMap<>();
        return query("list credentials", listSql(owner, filter, after, limit, args), q -> q.bindMap(args), StoredCredential.class);
    }

    /** The keyset page query of {@link #list}; fills {@code args}. Package-private for the plan test. */
    String listSql(@Nullable OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit, Map<String, Object> args) {
        return Queries.list(t, prefix, dialect, owner, filter, after, limit, args);
    }

    @Override
    public void recordUses(Map<CredentialId, Instant> uses) {
        if (uses.isEmpty()) {
            return;
        }
        // one short transaction; ids in order, so writers on other instances take row locks in the same order
        useTransaction(tx -> ((JdbcTransaction) tx).recordUses(new TreeMap<>(uses)));
    }

    @Override
    public List<StoredCredential> sealedUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        return underVersions("list credentials by key version", Queries.sealedUnder(t, after != null), versions, after, limit,
                StoredCredential.class);
    }

    @Override
    public List<SealedRecord> sealedRecordsUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        return underVersions("list sealed records by key version", Queries.sealedRecordsUnder(t, after != null), versions, after,
                limit, SealedRecord.class);
    }

    private <T> List<T> underVersions(String what, String sql, List<Integer> versions, @Nullable CredentialId after, int limit,
                                      Class<T> type) {
        return versions.isEmpty() ? List.of() : query(what, sql, q -> {
            q.bindList("versions", versions).bind("limit", limit);
            return after == null ? q : q.bind("after", after);
        }, type);
    }

    @Override
    public List<StoredCredential> expiring(@Nullable OwnerId owner, Instant before, @Nullable ExpiryPosition after, int limit) {
        Map<String, Object> args = new LinkedHashMap<>();
        return query("list expiring credentials", Queries.expiring(t, owner, before, after, limit, args), q -> q.bindMap(args),
                StoredCredential.class);
    }

    @Override
    public Map<Integer, Long> countByKeyVersion() {
        Map<Integer, Long> out = new TreeMap<>();
        run("count by key version", h -> h.createQuery("SELECT key_version, COUNT(*) FROM " + t + " GROUP BY key_version")
                .map((rs, ctx) -> out.put(rs.getInt(1), rs.getLong(2))).list());
        return out;
    }

    @Override
    public Map<String, Long> contents() {
        Map<String, Long> out = new TreeMap<>();
        Map.of("credentials", "credentials", "journal", "journal", "keys", "keys", "settings", "settings",
                "apiKeys", "api_keys", "providerCalls", "provider_calls").forEach((kind, table) ->
                out.put(kind, query("count " + table, "SELECT COUNT(*) FROM " + prefix + table, q -> q, Long.class).get(0)));
        return out;
    }

    @Override
    public List<KeyRecord> keys() {
        return query("read keyring", "SELECT " + Columns.KEY_COLUMNS + " FROM " + prefix + "keys ORDER BY version", q -> q,
                KeyRecord.class);
    }

    @Override
    public Optional<String> setting(String name) {
        return query("read setting", "SELECT setting_value FROM " + prefix + "settings WHERE setting_name = :name",
                q -> q.bind("name", name), String.class).stream().findFirst();
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> out = new TreeMap<>();
        run("read settings", h -> h.createQuery("SELECT setting_name, setting_value FROM " + prefix + "settings")
                .map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2))).list());
        return out;
    }

    @Override
    public List<JournalEvent> events(EventQuery q) {
        Map<String, Object> args = new LinkedHashMap<>();
        String sql = Queries.events(prefix, dialect, q, args);
        if (Queries.byBlock(dialect, q)) {
            return run("read journal", h -> Queries.eventsByBlock(h, prefix, q, sql, args));
        }
        return query("read journal", sql, s -> s.bindMap(args), JournalEvent.class);
    }

    @Override
    public Optional<ApiKeyStore> apiKeys() {
        return Optional.of(sideTables);
    }

    @Override
    public Optional<ProviderCallStore> providerCalls() {
        return Optional.of(sideTables);
    }

    /** On PostgreSQL, {@code LISTEN/NOTIFY} on one connection of the pool; see {@link PgChangeFeed}. */
    @Override
    public Optional<io.credvault.spi.ChangeFeed> changeFeed() {
        return dialect == Dialect.POSTGRESQL ? Optional.of(new PgChangeFeed(dataSource, prefix)) : Optional.empty();
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
     *
     * <p>A transaction the database rolls back on its own, for a serialization failure (SQLState 40001), a deadlock
     * (40P01; MariaDB 1213) or a Galera certification conflict (1213 at commit), is run again from the start, up to
     * {@value #MAX_ATTEMPTS} times with a growing, jittered pause (5 ms doubling up to 160 ms; about 0.8-1.6 s in all
     * before it gives up). On a cluster every journaled transaction competes for the journal's head, and a longer one
     * (a key rotation among steady writes) can lose five times running. Each run re-reads what it depends
     * on, so a compare-and-set keeps its meaning: a version changed meanwhile is a conflict, never written over.
     */
    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        return Failures.retrying(MAX_ATTEMPTS, timeouts, () -> attempt(work));
    }

    /** One attempt of {@link #inTransaction}: a rollback the database decided comes out as a retryable failure. */
    private <T> T attempt(TransactionWork<T> work) {
        if (writeLock != null) {
            writeLock.lock();
        }
        Handle h = null;
        try {
            h = jdbi.open();
            h.begin();
            JdbcTransaction tx = new JdbcTransaction(h, this);
            T result = work.run(tx);
            tx.commit(h2Persistent, timeouts);
            return result;
        } catch (JdbiException | IllegalStateException e) {
            JdbcTransaction.rollbackQuietly(h);
            throw storage("transaction", e);
        } catch (RuntimeException | Error e) {
            JdbcTransaction.rollbackQuietly(h);
            throw e;
        } finally {
            if (h != null) {
                JdbcTransaction.release(h);
            }
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    @Override
    public void close() {
        try {
            if (shutdownOnClose) {
                shutdownOnClose = false;
                H2.shutdown(dataSource);
            }
        } finally {
            Pools.close(ownedPool);
        }
    }

    <T> List<T> query(String what, String sql, UnaryOperator<Query> args, Class<T> type) {
        return run(what, h -> args.apply(h.createQuery(sql)).mapTo(type).list());
    }

    <T> T run(String what, java.util.function.Function<Handle, T> body) {
        try {
            return jdbi.withHandle(body::apply);
        } catch (JdbiException | IllegalStateException e) {
            throw storage(what, e);
        }
    }

    StorageException storage(String what, Throwable e) {
        return Failures.storage(what, e, timeouts);
    }

    /** The backend's timeouts; see {@link JdbcBackendBuilder}. */
    record Timeouts(Duration connect, Duration socket, Duration statement) {
    }

    /**
     * Gives {@code s} the statement timeout. H2 keeps the timeout per connection, and setting it there runs a command
     * (9 µs of a 13 µs reveal on an H2 file): it is set only when the connection's differs. PostgreSQL and MariaDB
     * keep it per statement: a new statement's is 0, so it is always set.
     */
    void timeout(java.sql.Statement s) throws SQLException {
        if (s.getQueryTimeout() != statementSeconds) {
            s.setQueryTimeout(statementSeconds);
        }
    }
}
