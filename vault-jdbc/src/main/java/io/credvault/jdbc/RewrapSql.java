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
     * them when it counts as many, else read back.
     */
    static boolean[] swapPostgres(Handle h, String table, List<SealedRecord> seen, List<SealedRecord> next, JdbcBackend backend) {
        int n = seen.size();
        String[] ids = new String[n];
        byte[][] sealed = new byte[n][];
        Integer[] keyVersions = new Integer[n];
        Long[] versions = new Long[n];
        Integer[] seenKeyVersions = new Integer[n];
        for (int i = 0; i < n; i++) {
            ids[i] = seen.get(i).id().value();
            sealed[i] = next.get(i).sealed();
            keyVersions[i] = next.get(i).keyVersion();
            versions[i] = seen.get(i).version();
            seenKeyVersions[i] = seen.get(i).keyVersion();
        }
        String sql = "UPDATE " + table + " t SET sealed = v.sealed, key_version = v.key_version "
                + "FROM unnest(?::varchar[], ?::bytea[], ?::int[], ?::bigint[], ?::int[]) AS v(id, sealed, key_version, version, seen) "
                + "WHERE t.id = v.id AND t.version = v.version AND t.key_version = v.seen";
        int count;
        try {
            Connection c = h.getConnection();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                backend.timeout(ps);
                ps.setArray(1, c.createArrayOf("varchar", ids));
                ps.setArray(2, c.createArrayOf("bytea", sealed));
                ps.setArray(3, c.createArrayOf("int4", keyVersions));
                ps.setArray(4, c.createArrayOf("int8", versions));
                ps.setArray(5, c.createArrayOf("int4", seenKeyVersions));
                count = ps.executeUpdate();
            }
        } catch (SQLException | JdbiException e) {
            throw backend.storage("rewrap batch", e);
        }
        int[] counts = new int[n];
        // every row changed (the usual case), or some were changed in between: read back which hold the new ciphertext
        Arrays.fill(counts, count == n ? 1 : Statement.SUCCESS_NO_INFO);
        return outcomes(h, table, counts, next, backend);
    }

    /**
     * H2 and MariaDB: a JDBC batch of single-row compare-and-set updates, bound by position on the handle's
     * connection rather than by name through the statement layer, which resolved five names for each of a
     * thousand rows before the batch was sent (rewrap of 100,000 credentials on MariaDB: the batch updates took
     * 4.8–6.0 s in three shots against 5.5–6.9 s in six).
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
        } catch (SQLException | JdbiException e) {
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
