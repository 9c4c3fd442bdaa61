package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.spi.SealedRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** The compare-and-set of a rewrap batch ({@link io.credvault.spi.CredentialTable#swapSealed}) beyond a plain JDBC batch. */
final class RewrapSql {
    private RewrapSql() {
    }

    /**
     * PostgreSQL: the whole batch in one {@code UPDATE ... FROM unnest(arrays)}, one plan and one execution instead of
     * one per row (about 1.35× a JDBC batch of single-row updates for batches of 1000); the rows it changed are all of
     * them when it counts as many, else read back. When the rows {@linkplain #sharedKeyVersions share} their key
     * versions, the read one and the new one are given once, as values, rather than as two arrays of as many rows.
     */
    static boolean[] swapPostgres(Handle h, String table, List<SealedRecord> seen, List<SealedRecord> next, JdbcBackend backend) {
        int n = seen.size();
        boolean shared = sharedKeyVersions(seen, next, 0, n);
        String[] ids = new String[n];
        byte[][] sealed = new byte[n][];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = seen.get(i).id().value();
            sealed[i] = next.get(i).sealed();
            versions[i] = seen.get(i).version();
        }
        String sql = shared
                ? "UPDATE " + table + " t SET sealed = v.sealed, key_version = ? "
                        + "FROM unnest(?::varchar[], ?::bytea[], ?::bigint[]) AS v(id, sealed, version) "
                        + "WHERE t.id = v.id AND t.version = v.version AND t.key_version = ?"
                : "UPDATE " + table + " t SET sealed = v.sealed, key_version = v.key_version "
                        + "FROM unnest(?::varchar[], ?::bytea[], ?::int[], ?::bigint[], ?::int[]) AS v(id, sealed, key_version, version, seen) "
                        + "WHERE t.id = v.id AND t.version = v.version AND t.key_version = v.seen";
        int count;
        try {
            Connection c = h.getConnection();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                backend.timeout(ps);
                if (shared) {
                    ps.setInt(1, next.get(0).keyVersion());
                    ps.setArray(2, c.createArrayOf("varchar", ids));
                    ps.setArray(3, c.createArrayOf("bytea", sealed));
                    ps.setArray(4, c.createArrayOf("int8", versions));
                    ps.setInt(5, seen.get(0).keyVersion());
                } else {
                    Integer[] keyVersions = new Integer[n];
                    Integer[] seenKeyVersions = new Integer[n];
                    for (int i = 0; i < n; i++) {
                        keyVersions[i] = next.get(i).keyVersion();
                        seenKeyVersions[i] = seen.get(i).keyVersion();
                    }
                    ps.setArray(1, c.createArrayOf("varchar", ids));
                    ps.setArray(2, c.createArrayOf("bytea", sealed));
                    ps.setArray(3, c.createArrayOf("int4", keyVersions));
                    ps.setArray(4, c.createArrayOf("int8", versions));
                    ps.setArray(5, c.createArrayOf("int4", seenKeyVersions));
                }
                count = ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw backend.storage("rewrap batch", e);
        }
        int[] counts = new int[n];
        counted(counts, 0, n, count);
        return outcomes(h, table, counts, next, backend);
    }

    /** The most rows one MariaDB rewrap statement writes. */
    static final int MARIADB_ROWS = 1000;
    /**
     * The most ciphertext bytes one MariaDB rewrap statement carries: 1 MiB. With the ids and the SQL text, and the
     * bytes escaped (or even written out in hex), the statement fits a {@code max_allowed_packet} of 4 MiB; MariaDB
     * ships 16 MiB. It binds only where a batch's ciphertexts average over 1 KiB.
     */
    static final int MARIADB_BYTES = 1 << 20;

    /**
     * MariaDB: the batch in multi-row updates that join the table to the new rows, given as a table value
     * constructor, {@value #MARIADB_ROWS} rows or {@code maxBytes} of ciphertext at most each: one statement where a
     * JDBC batch sends one per row, which the server runs one by one (20,000 rows in batches of 1,000 on MariaDB
     * 10.11, 2 cores: 0.64–0.83 s against 2.5–3.3 s, five runs each, in turn). The rows a statement changed are all
     * of its rows when it counts as many, else read back.
     */
    static boolean[] swapMariaDb(Handle h, String table, List<SealedRecord> seen, List<SealedRecord> next, JdbcBackend backend,
                                 int maxBytes) {
        int n = seen.size();
        int[] counts = new int[n];
        try {
            Connection c = h.getConnection();
            for (int from = 0, to; from < n; from = to) {
                long bytes = next.get(from).sealed().length;
                to = from + 1;
                while (to < n && to - from < MARIADB_ROWS && bytes + next.get(to).sealed().length <= maxBytes) {
                    bytes += next.get(to++).sealed().length;
                }
                boolean shared = sharedKeyVersions(seen, next, from, to);
                try (PreparedStatement ps = c.prepareStatement(mariaDbSwap(table, to - from, shared))) {
                    backend.timeout(ps);
                    int p = 1;
                    for (int i = from; i < to; i++) {
                        ps.setString(p++, seen.get(i).id().value());
                        ps.setBytes(p++, next.get(i).sealed());
                        ps.setLong(p++, seen.get(i).version());
                        if (!shared) {
                            ps.setInt(p++, seen.get(i).keyVersion());
                            ps.setInt(p++, next.get(i).keyVersion());
                        }
                    }
                    if (shared) {
                        ps.setInt(p++, seen.get(from).keyVersion());
                        ps.setInt(p, next.get(from).keyVersion());
                    }
                    counted(counts, from, to, ps.executeUpdate());
                }
            }
        } catch (SQLException e) {
            throw backend.storage("rewrap batch", e);
        }
        return outcomes(h, table, counts, next, backend);
    }

    /**
     * Whether rows {@code [from, to)} were all read under one key version and are all sealed under one: the usual
     * case, a batch read under the key being retired and sealed under the primary.
     */
    private static boolean sharedKeyVersions(List<SealedRecord> seen, List<SealedRecord> next, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (seen.get(i).keyVersion() != seen.get(from).keyVersion()
                    || next.get(i).keyVersion() != next.get(from).keyVersion()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The compare-and-set of {@code rows} rows in one MariaDB statement. The rows are a table value constructor named
     * by a common table expression, inside a derived table: MariaDB 10.11 takes neither a column list on a derived
     * table nor a {@code WITH} before {@code UPDATE}. When the rows {@code share} their key versions, the read one and
     * the new one are given once for the statement, after the rows, rather than in every row: each value of the
     * constructor is one more item the server parses (a rewrap of 100,000 credentials took 1,554 ms against 1,646,
     * means of four runs of five shots: see the benchmark analysis, ninth round).
     */
    private static String mariaDbSwap(String table, int rows, boolean share) {
        String row = share ? "(?, ?, ?)" : "(?, ?, ?, ?, ?)";
        StringBuilder sql = new StringBuilder(140 + rows * (row.length() + 2)).append("UPDATE ").append(table)
                .append(share ? " t JOIN (WITH v (id, sealed, version) AS (VALUES "
                        : " t JOIN (WITH v (id, sealed, version, seen, key_version) AS (VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(") SELECT * FROM v) v ON t.id = v.id AND t.version = v.version AND t.key_version = ")
                .append(share ? "? SET t.sealed = v.sealed, t.key_version = ?"
                        : "v.seen SET t.sealed = v.sealed, t.key_version = v.key_version")
                .toString();
    }

    /**
     * Rows {@code [from, to)} of one statement that changed {@code count} rows: all of them changed (the usual case),
     * or some were changed in between and which hold the new ciphertext is read back.
     */
    private static void counted(int[] counts, int from, int to, int count) {
        Arrays.fill(counts, from, to, count == to - from ? 1 : Statement.SUCCESS_NO_INFO);
    }

    /**
     * H2: a JDBC batch of single-row compare-and-set updates, bound by position on the handle's connection rather
     * than by name through the statement layer, which resolved five names for each of a thousand rows before the
     * batch was sent. H2 runs in the process: a statement per row costs no round trip.
     */
    static boolean[] swapBatch(Handle h, String table, List<SealedRecord> seen, List<SealedRecord> next, JdbcBackend backend) {
        int[] counts;
        try (PreparedStatement ps = h.getConnection().prepareStatement("UPDATE " + table + " SET sealed = ?, key_version = ? "
                + "WHERE id = ? AND version = ? AND key_version = ?")) {
            backend.timeout(ps);
            for (int i = 0; i < seen.size(); i++) {
                SealedRecord s = seen.get(i);
                ps.setBytes(1, next.get(i).sealed());
                ps.setInt(2, next.get(i).keyVersion());
                ps.setString(3, s.id().value());
                ps.setLong(4, s.version());
                ps.setInt(5, s.keyVersion());
                ps.addBatch();
            }
            counts = ps.executeBatch();
        } catch (SQLException e) {
            throw backend.storage("rewrap batch", e);
        }
        return outcomes(h, table, counts, next, backend);
    }

    /**
     * The rows a JDBC batch changed, from its update counts; where the driver reported none (a bulk protocol), one
     * query reads back which rows hold the new ciphertext.
     */
    static boolean[] outcomes(Handle h, String table, int[] counts, List<SealedRecord> next, JdbcBackend backend) {
        boolean[] done = new boolean[counts.length];
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] >= 0) {
                done[i] = counts[i] == 1;
            } else {
                unknown.add(i);
            }
        }
        if (unknown.isEmpty()) {
            return done;
        }
        Map<CredentialId, byte[]> stored = new HashMap<>();
        try {
            h.createQuery("SELECT id, sealed FROM " + table + " WHERE id IN (<ids>)")
                    .bindList("ids", unknown.stream().map(i -> next.get(i).id().value()).toList())
                    .map((rs, ctx) -> stored.put(CredentialId.of(rs.getString(1)), rs.getBytes(2))).list();
        } catch (JdbiException e) {
            throw backend.storage("rewrap batch", e);
        }
        for (int i : unknown) {
            done[i] = Arrays.equals(stored.get(next.get(i).id()), next.get(i).sealed());
        }
        return done;
    }
}
