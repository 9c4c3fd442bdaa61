package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ExpiryPosition;
import io.credvault.spi.JournalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
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

    /** On H2 the journal's owner and credential indexes lead with {@code seq / JOURNAL_BLOCK} (migration V6). */
    static final long JOURNAL_BLOCK = 1024;
    /** How many blocks the first statement of a page read block by block probes; each next one probes twice as many. */
    static final long FIRST_BLOCKS = 4;

    /** Whether a page of {@code q} is read block by block ({@link #eventsByBlock}): on H2, by owner or credential. */
    static boolean byBlock(Dialect dialect, EventQuery q) {
        return dialect == Dialect.H2 && (q.credentialId() != null || q.owner() != null);
    }

    /**
     * A page of journal entries matching {@code q}, by sequence number. Elsewhere a query by credential or owner walks
     * the index of the id from the cursor. On H2 ({@link #byBlock}) it reads the blocks {@code :blockFrom} to
     * {@code :blockTo}: for each, the entries of the id's hash in that block (one index probe), which it tells from
     * colliding ids by the id itself, then sorts; {@link #eventsByBlock} runs it over the journal's blocks.
     */
    static String events(String prefix, Dialect dialect, EventQuery q, Map<String, Object> args) {
        String hashed = !byBlock(dialect, q) ? null : q.credentialId() != null ? "credential" : "owner";
        StringBuilder sql = new StringBuilder("SELECT " + Columns.EVENT_COLUMNS + " FROM ");
        if (hashed == null) {
            sql.append(prefix).append("journal WHERE 1 = 1");
        } else {
            sql.append("SYSTEM_RANGE(:blockFrom, :blockTo) b JOIN ").append(prefix).append("journal")
                    .append(dialect.useIndex(prefix + "journal_" + hashed + "_block")).append(" ON seq_block = b.X AND ")
                    .append(hashed).append("_key = ORA_HASH(:").append(hashed.equals("owner") ? "owner" : "credentialId")
                    .append(") WHERE 1 = 1");
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
        sql.append(" ORDER BY seq").append(q.newestFirst() ? " DESC" : "").append(" LIMIT :limit");
        args.put("limit", q.limit());
        return sql.toString();
    }

    /**
     * Runs {@code sql}, a page of {@code q} by {@link #events} on H2, over the blocks of the journal from the cursor's
     * (or the journal's first or last) in {@code q}'s order: {@value #FIRST_BLOCKS} blocks in the first statement and
     * twice as many in each next, until the page is full or no block is left. A statement reads every entry of the
     * id in its blocks before the sort, so the spans start small for a credential with many entries, and double so
     * that one with few over a long journal costs few statements.
     */
    static List<JournalEvent> eventsByBlock(Handle h, String prefix, EventQuery q, String sql, Map<String, Object> args) {
        List<JournalEvent> page = new ArrayList<>();
        Optional<long[]> bounds = h.createQuery("SELECT MIN(seq), MAX(seq) FROM " + prefix + "journal")
                .map((rs, ctx) -> rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)}).findOne();
        if (bounds.isEmpty()) {
            return page;
        }
        long first = bounds.get()[0] / JOURNAL_BLOCK;
        long last = bounds.get()[1] / JOURNAL_BLOCK;
        if (q.cursor() != 0 && q.newestFirst()) {
            last = Math.min(last, q.cursor() / JOURNAL_BLOCK);
        } else if (q.cursor() != 0) {
            first = Math.max(first, q.cursor() / JOURNAL_BLOCK);
        }
        for (long span = FIRST_BLOCKS; page.size() < q.limit() && first <= last; span *= 2) {
            long from = q.newestFirst() ? Math.max(first, last - span + 1) : first;
            long to = q.newestFirst() ? last : Math.min(last, first + span - 1);
            args.put("blockFrom", from);
            args.put("blockTo", to);
            args.put("limit", q.limit() - page.size());
            page.addAll(h.createQuery(sql).bindMap(args).mapTo(JournalEvent.class).list());
            if (q.newestFirst()) {
                last = from - 1;
            } else {
                first = to + 1;
            }
        }
        return page;
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
