package io.credvault.jdbc;

import static io.credvault.jdbc.Sql.micros;

import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.jdbc.internal.Rows;
import io.credvault.spi.EventQuery;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The read queries with optional criteria, built with positional arguments. */
final class Queries {
    private Queries() {
    }

    /** A keyset page of one owner's credentials: a walk of the (owner_id, id) index from the cursor, no sort. */
    static String list(String t, String prefix, Dialect dialect, OwnerId owner, ListFilter filter, @Nullable CredentialId after,
                       int limit, List<Object> args) {
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

    /** A page of journal entries matching {@code q}, by sequence number. */
    static String events(String prefix, EventQuery q, List<Object> args) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.EVENT_COLUMNS + " FROM " + prefix + "journal WHERE 1 = 1");
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
        return sql.toString();
    }
}
