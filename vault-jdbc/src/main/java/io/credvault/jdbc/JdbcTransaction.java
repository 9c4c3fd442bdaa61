package io.credvault.jdbc;

import io.credvault.ApiKeyState;
import io.credvault.CommitUnknownException;
import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.JournalTable;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.SealedRecord;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.CompleteTransaction;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;

/** One Jdbi transaction of a {@link JdbcBackend}, seen through the SPI. */
final class JdbcTransaction implements CompleteTransaction {
    private final Handle h;
    private final JdbcBackend backend;
    private final String t;
    private final String prefix;
    /** The credentials this transaction wrote and its last journal entry, for the change notification. */
    private final java.util.Set<CredentialId> changed = new java.util.LinkedHashSet<>();
    /** The least and greatest id of the rewrap batches written, notified as a range rather than id by id. */
    private CredentialId @Nullable [] rewrapped;
    private long lastSeq;

    JdbcTransaction(Handle h, JdbcBackend backend) {
        this.h = h;
        this.backend = backend;
        this.t = backend.prefix + "credentials";
        this.prefix = backend.prefix;
    }

    @Override
    public boolean tryTake(Lease lease, Instant now) {
        String taken = "lease '" + lease.name() + "' was taken by another holder at the same moment";
        try {
            // the condition is checked by the UPDATE itself, on the row as it is when the UPDATE locks it
            int n = update("take lease", "UPDATE " + prefix + "leases SET holder = :l.holder, expires_at = :l.expiresAt "
                    + "WHERE lease_name = :l.name AND (holder = :l.holder OR expires_at < :now)",
                    u -> u.bindMethods("l", lease).bind("now", now), taken);
            if (n == 1) {
                return true;
            }
            if (!select("read lease", "SELECT holder FROM " + prefix + "leases WHERE lease_name = :name",
                    q -> q.bind("name", lease.name()), String.class).isEmpty()) {
                return false; // held by another, and not lapsed
            }
            update("insert lease", "INSERT INTO " + prefix + "leases (lease_name, holder, expires_at) "
                    + "VALUES (:l.name, :l.holder, :l.expiresAt)", u -> u.bindMethods("l", lease), taken);
            return true;
        } catch (io.credvault.StorageException e) {
            // two takers that both found no row: MariaDB's gap locks make one of them a deadlock victim
            if (Dialect.isConcurrencyFailure(e)) {
                throw new ConflictException(taken);
            }
            throw e;
        }
    }

    @Override
    public void release(String name, String holder) {
        update("release lease", "DELETE FROM " + prefix + "leases WHERE lease_name = :name AND holder = :holder",
                u -> u.bind("name", name).bind("holder", holder));
    }

    private int update(String what, String sql, UnaryOperator<Update> args) {
        return update(what, sql, args, "an active credential with that name already exists for this owner");
    }

    /** Runs an update; a unique-key violation becomes a {@link ConflictException} saying {@code conflict}. */
    private int update(String what, String sql, UnaryOperator<Update> args, String conflict) {
        try {
            return args.apply(h.createUpdate(sql)).execute();
        } catch (JdbiException e) {
            if (Dialect.isUniqueViolation(e)) {
                throw new ConflictException(conflict);
            }
            throw backend.storage(what, e);
        }
    }

    private <T> List<T> select(String what, String sql, UnaryOperator<Query> args, Class<T> type) {
        try {
            return args.apply(h.createQuery(sql)).mapTo(type).list();
        } catch (JdbiException e) {
            throw backend.storage(what, e);
        }
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return select("find credential for update", backend.findSql + " FOR UPDATE", q -> q.bind(0, id), StoredCredential.class)
                .stream().findFirst();
    }

    @Override
    public boolean activeNameExists(OwnerId owner, String name) {
        return !select("check name", "SELECT id FROM " + t + " WHERE owner_id = :owner AND active_name = :name",
                q -> q.bind("owner", owner).bind("name", name), String.class).isEmpty();
    }

    @Override
    public void insert(StoredCredential c) {
        changed.add(c.id());
        update("insert credential", "INSERT INTO " + t + " (" + Columns.CREDENTIAL_COLUMNS + ", active_name, next_expiry) VALUES ("
                + Columns.CREDENTIAL_VALUES + ", :activeName, :m.nextExpiry)", u -> Columns.bindCredential(u, c).bind("activeName", activeName(c)));
    }

    @Override
    public boolean update(StoredCredential c, long expectedVersion) {
        changed.add(c.id());
        return update("update credential", "UPDATE " + t + " SET name = :m.name, active_name = :activeName, "
                + "description = :m.description, category = :m.category, status = :m.status, deleted_at = :m.deletedAt, "
                + "updated_at = :m.lastUpdated, version = :m.version, expires_at = :m.expiresAt, fingerprint = :m.fingerprint, "
                + "field_names = :fieldNames, key_version = :m.keyVersion, sealed = :sealed, last_checked_at = :m.lastCheckedAt, "
                + "consecutive_failures = :m.consecutiveFailures, secret_expiries = :secretExpiries, next_expiry = :m.nextExpiry "
                + "WHERE id = :m.id AND version = :expected",
                u -> Columns.bindCredential(u, c).bind("activeName", activeName(c)).bind("expected", expectedVersion)) == 1;
    }

    /** The column that makes names unique among an owner's active credentials; NULL once deleted. */
    private static @Nullable String activeName(StoredCredential c) {
        return c.deleted() ? null : c.metadata().name();
    }

    void recordUses(Map<CredentialId, Instant> uses) {
        try {
            var batch = h.prepareBatch("UPDATE " + t + " SET last_used = :at WHERE id = :id AND (last_used IS NULL OR last_used < :at)");
            uses.forEach((id, at) -> batch.bind("at", at).bind("id", id).add());
            batch.execute();
        } catch (JdbiException e) {
            throw backend.storage("record use", e);
        }
    }

    @Override
    public boolean[] swapSealed(List<SealedRecord> seen, List<SealedRecord> next) {
        boolean[] done = new boolean[seen.size()];
        if (seen.isEmpty()) {
            return done;
        }
        for (SealedRecord c : seen) {
            if (rewrapped == null) {
                rewrapped = new CredentialId[] {c.id(), c.id()};
            } else if (c.id().value().compareTo(rewrapped[0].value()) < 0) {
                rewrapped[0] = c.id();
            } else if (c.id().value().compareTo(rewrapped[1].value()) > 0) {
                rewrapped[1] = c.id();
            }
        }
        return switch (backend.dialect()) {
            case POSTGRESQL -> RewrapSql.swapPostgres(h, t, seen, next, backend);
            case MARIADB -> RewrapSql.swapMariaDb(h, t, seen, next, backend, RewrapSql.MARIADB_BYTES);
            case H2 -> RewrapSql.swapBatch(h, t, seen, next, backend);
        };
    }

    @Override
    public boolean delete(CredentialId id) {
        changed.add(id);
        return update("purge credential", "DELETE FROM " + t + " WHERE id = :id", u -> u.bind("id", id)) == 1;
    }

    @Override
    public void append(JournalEvent e) {
        appendAll(List.of(e));
    }

    @Override
    public void appendAll(List<JournalEvent> events) {
        try (PreparedStatement ps = h.getConnection().prepareStatement("INSERT INTO " + prefix + "journal ("
                + Columns.EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            backend.timeout(ps);
            for (JournalEvent e : events) {
                lastSeq = Math.max(lastSeq, e.seq());
                Columns.setEvent(ps, e);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException ex) {
            if (Dialect.isUniqueViolation(ex)) {
                throw JournalTable.entryExists(events.get(0).seq());
            }
            throw backend.storage("append journal entries", ex);
        }
    }

    @Override
    public int deleteUpTo(long upTo) {
        return update("purge journal", "DELETE FROM " + prefix + "journal WHERE seq <= :upTo", u -> u.bind("upTo", upTo));
    }

    @Override
    public long lastSeqBefore(Instant time) {
        Long seq = select("find journal position", "SELECT MAX(seq) FROM " + prefix + "journal WHERE at < :time",
                q -> q.bind("time", time), Long.class).get(0);
        return seq == null ? 0 : seq;
    }

    @Override
    public long add(ProviderCallRow c) {
        try {
            return h.createUpdate("INSERT INTO " + prefix + "provider_calls (owner_id, credential_id, at, status_code, headers, "
                    + "body, status) VALUES (:c.owner, :c.credentialId, :c.at, :c.statusCode, :c.headers, :c.body, :c.status)")
                    .bindMethods("c", c).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        } catch (JdbiException ex) {
            throw backend.storage("record provider call", ex);
        }
    }

    @Override
    public int remove(@Nullable CredentialId credentialId, @Nullable Instant before) {
        StringBuilder sql = new StringBuilder("DELETE FROM " + prefix + "provider_calls WHERE 1 = 1");
        Map<String, Object> args = new LinkedHashMap<>();
        if (credentialId != null) {
            sql.append(" AND credential_id = :credentialId");
            args.put("credentialId", credentialId);
        }
        if (before != null) {
            sql.append(" AND at < :before");
            args.put("before", before);
        }
        return update("delete provider calls", sql.toString(), u -> u.bindMap(args));
    }

    @Override
    public void put(ApiKeyRow k) {
        String conflict = "owner already has an active API key; rotate or delete it first";
        // the column that allows one active key per owner: NULL for keys in their grace period or revoked
        String activeOwner = k.state() == ApiKeyState.ACTIVE ? k.owner().value() : null;
        int n = update("update API key", "UPDATE " + prefix + "api_keys SET state = :k.state, grace_until = :k.graceUntil, "
                + "revoked_at = :k.revokedAt, active_owner = :activeOwner WHERE id = :k.id",
                u -> u.bindMethods("k", k).bind("activeOwner", activeOwner), conflict);
        if (n == 0) {
            update("insert API key", "INSERT INTO " + prefix + "api_keys (" + Columns.API_KEY_COLUMNS + ", active_owner) "
                    + "VALUES (:k.id, :k.owner, :k.prefix, :k.hash, :k.state, :k.createdAt, :k.graceUntil, :k.revokedAt, "
                    + ":k.lastUsed, :activeOwner)", u -> u.bindMethods("k", k).bind("activeOwner", activeOwner), conflict);
        }
    }

    @Override
    public List<KeyRecord> keys() {
        return select("read keyring for update", "SELECT " + Columns.KEY_COLUMNS + " FROM " + prefix
                + "keys ORDER BY version FOR UPDATE", q -> q, KeyRecord.class);
    }

    @Override
    public void putKey(KeyRecord k) {
        int n = update("update key", "UPDATE " + prefix + "keys SET state = :k.state, wrapped = :k.wrapped, "
                + "encryptions_reserved = :k.encryptionsReserved, retired_at = :k.retiredAt WHERE version = :k.version",
                u -> u.bindMethods("k", k));
        if (n == 0) {
            update("insert key", "INSERT INTO " + prefix + "keys (" + Columns.KEY_COLUMNS + ") VALUES (:k.version, :k.state, "
                    + ":k.wrapped, :k.createdAt, :k.encryptionsReserved, :k.retiredAt)", u -> u.bindMethods("k", k));
        }
    }

    @Override
    public Optional<String> setting(String name) {
        return select("read setting", "SELECT setting_value FROM " + prefix + "settings WHERE setting_name = :name FOR UPDATE",
                q -> q.bind("name", name), String.class).stream().findFirst();
    }

    @Override
    public void putSetting(String name, String value) {
        int n = update("update setting", "UPDATE " + prefix + "settings SET setting_value = :value WHERE setting_name = :name",
                u -> u.bind("name", name).bind("value", value));
        if (n == 0) {
            update("insert setting", "INSERT INTO " + prefix + "settings (setting_name, setting_value) VALUES (:name, :value)",
                    u -> u.bind("name", name).bind("value", value));
        }
    }

    @Override
    public void insertSetting(String name, String value) {
        update("insert setting", "INSERT INTO " + prefix + "settings (setting_name, setting_value) VALUES (:name, :value)",
                u -> u.bind("name", name).bind("value", value));
    }

    /**
     * Commits; on PostgreSQL, first sends the notification of the credentials written, which the server delivers to
     * the listening instances at the commit.
     */
    void commit(boolean h2Persistent, JdbcBackend.Timeouts timeouts) {
        if ((!changed.isEmpty() || rewrapped != null) && backend.dialect() == Dialect.POSTGRESQL) {
            try {
                PgChangeFeed.send(h, prefix, lastSeq, changed, rewrapped);
            } catch (JdbiException e) {
                throw backend.storage("notify changes", e);
            }
        }
        try {
            h.commit();
            if (h2Persistent) {
                H2.sync(h);
            }
        } catch (JdbiException | IllegalStateException e) {
            if (Failures.retryable(e)) {
                throw e; // the database refused the commit and rolled back (a certification conflict): run it again
            }
            throw new CommitUnknownException("the commit failed (" + Failures.detail(e, timeouts)
                    + "); the change may or may not have been committed: re-read to find out", e);
        }
    }

    static void rollbackQuietly(@Nullable Handle h) {
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

    static void release(Handle h) {
        try {
            h.close();
        } catch (RuntimeException ignored) {
            // a connection that failed is discarded by the pool; the outcome was decided above
        }
    }
}
