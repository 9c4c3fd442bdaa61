package io.credvault.core.internal;

import io.credvault.CredentialId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ValidationException;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The one way a keyset page is built: fetch one row more than the limit; if it came, the last item is the cursor. */
final class Pages {
    private Pages() {
    }

    /** A page of at most {@code limit} of {@code rows} (fetched with {@code limit + 1}), mapped, with its cursor. */
    static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> map, Function<T, String> cursor) {
        List<T> items = rows.stream().limit(limit).map(map).toList();
        return new Page<>(items, rows.size() > limit ? cursor.apply(items.get(items.size() - 1)) : null);
    }

    /** The id after which a credential list's page starts; null for the first page. */
    static @Nullable CredentialId credentialCursor(PageRequest page) {
        try {
            return page.cursor() == null ? null : CredentialId.of(page.cursor());
        } catch (ValidationException e) {
            throw new ValidationException("cursor", "is not a cursor of a credential list (pass nextCursor() as it was returned)");
        }
    }
}
