package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.ProviderCallStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The committed reads of the API keys and provider calls tables: the backend's two optional capabilities. */
final class JdbcSideTables implements ApiKeyStore, ProviderCallStore {
    private final JdbcBackend backend;

    JdbcSideTables(JdbcBackend backend) {
        this.backend = backend;
    }

    @Override
    public List<ApiKeyRow> page(@Nullable String afterId, int limit) {
        return backend.query("page API keys", "SELECT " + Columns.API_KEY_COLUMNS + " FROM " + backend.prefix + "api_keys"
                + (afterId == null ? "" : " WHERE id > :after") + " ORDER BY id LIMIT :limit", q -> {
                    q.bind("limit", limit);
                    return afterId == null ? q : q.bind("after", afterId);
                }, ApiKeyRow.class);
    }

    @Override
    public List<ProviderCallRow> page(long afterId, int limit) {
        return backend.query("page provider calls", "SELECT " + Columns.CALL_COLUMNS + " FROM " + backend.prefix + "provider_calls WHERE id > :after "
                + "ORDER BY id LIMIT :limit", q -> q.bind("after", afterId).bind("limit", limit), ProviderCallRow.class);
    }

    @Override
    public List<ProviderCallRow> calls(CredentialId id, long beforeId, int limit) {
        return backend.query("read provider calls", "SELECT " + Columns.CALL_COLUMNS + " FROM " + backend.prefix + "provider_calls WHERE "
                + "credential_id = :id" + (beforeId == 0 ? "" : " AND id < :before") + " ORDER BY id DESC LIMIT :limit",
                q -> {
                    q.bind("id", id).bind("limit", limit);
                    return beforeId == 0 ? q : q.bind("before", beforeId);
                }, ProviderCallRow.class);
    }

    @Override
    public Optional<ApiKeyRow> byHash(String hash) {
        return backend.query("find API key", "SELECT " + Columns.API_KEY_COLUMNS + " FROM " + backend.prefix + "api_keys WHERE hash = :hash",
                q -> q.bind("hash", hash), ApiKeyRow.class).stream().findFirst();
    }

    @Override
    public List<ApiKeyRow> live(OwnerId owner) {
        return backend.query("list API keys", "SELECT " + Columns.API_KEY_COLUMNS + " FROM " + backend.prefix + "api_keys WHERE owner_id = :owner "
                + "AND state <> 'REVOKED' ORDER BY created_at", q -> q.bind("owner", owner), ApiKeyRow.class);
    }

    @Override
    public void recordUse(String id, Instant at) {
        backend.run("record API key use", h -> h.createUpdate("UPDATE " + backend.prefix + "api_keys SET last_used = :at WHERE id = :id "
                + "AND (last_used IS NULL OR last_used < :at)").bind("at", at).bind("id", id).execute());
    }
}
