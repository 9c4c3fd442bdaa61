package io.credvault.jdbc;

import io.credvault.jdbc.internal.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/** Statement helpers: positional arguments with typed nulls, and row readers. */
final class Sql {
    private Sql() {
    }

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    static <T> List<T> query(Handle h, String sql, List<?> args, RowReader<T> reader) {
        var q = h.createQuery(sql);
        bindAll(q, args);
        return q.map((rs, ctx) -> reader.read(rs)).list();
    }

    static void bindAll(SqlStatement<?> s, List<?> args) {
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
    record NullOf(int sqlType) {
    }

    static Object str(@Nullable String s) {
        return s == null ? new NullOf(Types.VARCHAR) : s;
    }

    static Object micros(@Nullable Instant at) {
        Long m = Rows.micros(at);
        return m == null ? new NullOf(Types.BIGINT) : m;
    }
}
