package io.credvault.jdbc;

import static io.credvault.jdbc.Sql.bindAll;
import static io.credvault.jdbc.Sql.micros;
import static io.credvault.jdbc.Sql.query;
import static io.credvault.jdbc.Sql.str;

import io.credvault.ApiKeyState;
import io.credvault.CommitUnknownException;
import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.jdbc.internal.Rows;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.ProviderCallStore;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.TableTransaction;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/** One Jdbi transaction of a {@link JdbcBackend}, seen through the SPI. */
final class JdbcTransaction implements TableTransaction, ApiKeyStore.Table, ProviderCallStore.Table {
    private final Handle h;
    private final JdbcBackend backend;
    private final String t;
    private final String prefix;

    JdbcTransaction(Handle h, JdbcBackend backend) {
        this.h = h;
        this.backend = backend;
        this.t = backend.prefix + "credentials";
        this.prefix = backend.prefix;
    }

    @Override
    public Optional<ApiKeyStore.Table> apiKeys() {
        return Optional.of(this);
    }

    @Override
    public Optional<ProviderCallStore.Table> providerCalls() {
        return Optional.of(this);
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
            throw backend.storage(what, e);
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
            throw backend.storage(what, e);
        }
    }

    private <T> List<T> select(String what, String sql, List<?> args, Sql.RowReader<T> reader) {
        try {
            return query(h, sql, args, reader);
        } catch (JdbiException e) {
            throw backend.storage(what, e);
        }
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return select("find credential for update", backend.findSql + " FOR UPDATE", List.of(id.value()), Rows::credential)
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
                long micros = Rows.exactMicros(at);
                batch.bind(0, micros).bind(1, id.value()).bind(2, micros).add();
            });
            batch.execute();
        } catch (JdbiException e) {
            throw backend.storage("record use", e);
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
            throw backend.storage("rewrap batch", e);
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
            throw backend.storage("append journal entries", ex);
        }
    }

    @Override
    public int deleteUpTo(long upTo) {
        return update("purge journal", "DELETE FROM " + prefix + "journal WHERE seq <= ?", List.of(upTo));
    }

    @Override
    public long lastSeqBefore(Instant time) {
        return select("find journal position", "SELECT MAX(seq) FROM " + prefix + "journal WHERE at < ?",
                List.of(Rows.micros(time)), rs -> rs.getLong(1)).get(0);
    }

    @Override
    public long add(ProviderCallRow c) {
        try {
            var u = h.createUpdate("INSERT INTO " + prefix + "provider_calls (owner_id, credential_id, at, status_code, headers, body, status) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)");
            bindAll(u, List.of(c.owner().value(), c.credentialId().value(), micros(c.at()),
                    c.statusCode() == null ? new Sql.NullOf(Types.INTEGER) : c.statusCode(), c.headers(), c.body(),
                    str(c.status() == null ? null : c.status().name())));
            return u.executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        } catch (JdbiException ex) {
            throw backend.storage("record provider call", ex);
        }
    }

    @Override
    public int remove(@Nullable CredentialId credentialId, @Nullable Instant before) {
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
    public void put(ApiKeyRow k) {
        String conflict = "owner already has an active API key; rotate or delete it first";
        Object activeOwner = str(k.state() == ApiKeyState.ACTIVE ? k.owner().value() : null);
        int n = update("update API key", "UPDATE " + prefix + "api_keys SET state = ?, grace_until = ?, revoked_at = ?, "
                + "active_owner = ? WHERE id = ?", List.of(k.state().name(), micros(k.graceUntil()), micros(k.revokedAt()),
                activeOwner, k.id()), conflict);
        if (n == 0) {
            update("insert API key", "INSERT INTO " + prefix + "api_keys (" + Rows.API_KEY_COLUMNS + ", active_owner) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    List.of(k.id(), k.owner().value(), k.prefix(), k.hash(), k.state().name(), micros(k.createdAt()),
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

    static void commit(Handle h, boolean h2Persistent, JdbcBackend.Timeouts timeouts) {
        try {
            h.commit();
            if (h2Persistent) {
                H2.sync(h);
            }
        } catch (JdbiException | IllegalStateException e) {
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
