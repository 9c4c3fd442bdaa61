package io.credvault.core.internal;

import io.credvault.Page;
import java.util.List;
import java.util.function.Function;

/** The one way a keyset page is built: fetch one row more than the limit; if it came, the last item is the cursor. */
final class Pages {
    private Pages() {
    }

    /** A page of at most {@code limit} of {@code rows} (fetched with {@code limit + 1}), mapped, with its cursor. */
    static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> map, Function<T, String> cursor) {
        List<T> items = rows.stream().limit(limit).map(map).toList();
        return new Page<>(items, rows.size() > limit ? cursor.apply(items.get(items.size() - 1)) : null);
    }
}
