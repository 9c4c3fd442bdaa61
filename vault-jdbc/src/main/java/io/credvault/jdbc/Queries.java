package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ExpiryPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The read queries with optional criteria: the SQL, with its named arguments put in a map. */
final class Queries {
    private Queries() {
    }

    /** A keyset page of one owner's credentials: a walk of the (owner_id, id) index from the cursor, no sort. */
    static String list(String t, String prefix, Dialect dialect, @Nullable OwnerId owner, ListFilter filter,
                       @Nullable CredentialId after, int limit, Map<String, Object> args) {
        // a keyset page walks the (owner_id, id) index from the cursor (every owner's: the primary key) and stops at
        // the limit: no sort
        StringBuilder sql = new StringBuilder("SELECT " + Columns.CREDENTIAL_COLUMNS + " FROM " + t);
        if (owner != null) {
            sql.append(dialect.useIndex(prefix + "credentials_owner")).append(" WHERE owner_id = :owner");
            args.put("owner", owner);
        } else {
            sql.append(" WHERE 1 = 1");
        }
        if (after != null) {
            sql.append(" AND id > :after");
            args.put("after", after);
        }
        if (filter.provider() != null) {
            sql.append(" AND provider = :provider");
            args.put("provider", filter.provider());
        }
        if (filter.category() != null) {
            sql.append(" AND category = :category");
            args.put("category", filter.category());
        }
        if (filter.status() != null) {
            sql.append(" AND status = :status");
            args.put("status", filter.status());
        }
        if (filter.namePrefix() != null) {
            sql.append(" AND name LIKE :namePrefix ESCAPE '!'");
            args.put("namePrefix", Columns.likePrefix(filter.namePrefix()));
        }
        switch (filter.deletion()) {
            case ACTIVE -> sql.append(" AND deleted_at IS NULL");
            case DELETED -> sql.append(" AND deleted_at IS NOT NULL");
            case ALL -> { }
        }
        sql.append(owner != null ? " ORDER BY owner_id, id LIMIT :limit" : " ORDER BY id LIMIT :limit"); // owner_id first: H2 sees the index order only so
        args.put("limit", limit);
        return sql.toString();
    }

    /**
     * A page of active credentials by next expiry, of one owner (a walk of the (owner_id, next_expiry, id) index) or
     * of all (the (next_expiry, id) index), from the position after the previous page.
     */
    static String expiring(String t, @Nullable OwnerId owner, Instant before, @Nullable ExpiryPosition after, int limit,
                           Map<String, Object> args) {
        StringBuilder sql = new StringBuilder("SELECT " + Columns.CREDENTIAL_COLUMNS + " FROM " + t
                + " WHERE next_expiry IS NOT NULL AND next_expiry < :before");
        args.put("before", before);
        if (owner != null) {
            sql.append(" AND owner_id = :owner");
            args.put("owner", owner);
        }
        if (after != null) {
            // the first condition starts the index range at the cursor; the second steps past the ties already returned
            sql.append(" AND next_expiry >= :afterAt AND (next_expiry > :afterAt OR id > :afterId)");
            args.put("afterAt", after.at());
            args.put("afterId", after.id());
        }
        sql.append(" AND deleted_at IS NULL ORDER BY ").append(owner != null ? "owner_id, " : "").append("next_expiry, id LIMIT :limit");
        args.put("limit", limit);
        return sql.toString();
    }

    /**
     * A page of journal entries matching {@code q}, by sequence number. On H2 a query by credential (or else by owner)
     * walks the index of the id's hash ({@code credential_key} or {@code owner_key}, see migration V5) from the
     * cursor, and also names the id, which tells apart ids whose hashes collide; elsewhere the index of the id.
     */
    static String events(String prefix, Dialect dialect, EventQuery q, Map<String, Object> args) {
        String hashed = dialect != Dialect.H2 ? null : q.credentialId() != null ? "credential" : q.owner() != null ? "owner" : null;
        StringBuilder sql = new StringBuilder("SELECT " + Columns.EVENT_COLUMNS + " FROM " + prefix + "journal"
                + (hashed == null ? "" : dialect.useIndex(prefix + "journal_" + hashed + "_key")) + " WHERE 1 = 1");
        if (hashed != null) {
            sql.append(" AND ").append(hashed).append("_key = ORA_HASH(:").append(hashed.equals("owner") ? "owner" : "credentialId")
                    .append(')');
        }
        if (q.cursor() != 0) {
            sql.append(q.newestFirst() ? " AND seq < :cursor" : " AND seq > :cursor");
            args.put("cursor", q.cursor());
        }
        if (!q.types().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (String type : new TreeSet<>(q.types())) {
                names.add(":type" + names.size());
                args.put("type" + (names.size() - 1), type);
            }
            sql.append(" AND type IN (").append(String.join(", ", names)).append(")");
        }
        if (q.from() != null) {
            sql.append(" AND at >= :from");
            args.put("from", q.from());
        }
        if (q.to() != null) {
            sql.append(" AND at < :to");
            args.put("to", q.to());
        }
        if (q.owner() != null) {
            sql.append(" AND owner_id = :owner");
            args.put("owner", q.owner());
        }
        if (q.credentialId() != null) {
            sql.append(" AND credential_id = :credentialId");
            args.put("credentialId", q.credentialId());
        }
        String order = q.newestFirst() ? " DESC" : "";
        // the hash first: H2 sees the index order only so
        sql.append(" ORDER BY ").append(hashed == null ? "" : hashed + "_key" + order + ", ").append("seq").append(order)
                .append(" LIMIT :limit");
        args.put("limit", q.limit());
        return sql.toString();
    }

    /**
     * A page of credentials sealed under the bound {@code <versions>}, after {@code :after} if {@code paged}: a walk of
     * the primary key that filters on key_version and stops at the limit. There is deliberately no index on
     * key_version, which every rewrap UPDATE (and every write) would also have to maintain.
     */
    static String sealedUnder(String t, boolean paged) {
        return sealedUnder(t, Columns.CREDENTIAL_COLUMNS, paged);
    }

    /** {@link #sealedUnder(String, boolean)} reading only what a rewrap needs (the columns of a {@code SealedRecord}). */
    static String sealedRecordsUnder(String t, boolean paged) {
        return sealedUnder(t, "id, owner_id, version, key_version, sealed", paged);
    }

    private static String sealedUnder(String t, String columns, boolean paged) {
        return "SELECT " + columns + " FROM " + t + " WHERE key_version IN (<versions>)"
                + (paged ? " AND id > :after" : "") + " ORDER BY id LIMIT :limit";
    }

    /** The credentials whose ids are bound to {@code <ids>}. */
    static String byIds(String t) {
        return "SELECT " + Columns.CREDENTIAL_COLUMNS + " FROM " + t + " WHERE id IN (<ids>)";
    }
}
