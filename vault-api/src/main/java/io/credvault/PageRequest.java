package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing: up to {@code limit} items after {@code cursor} ({@code null} for the first page).
 * Cursors are opaque; pass back the {@link Page#nextCursor()} of the previous page.
 */
public record PageRequest(@Nullable String cursor, int limit) {
    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        if (cursor != null && !cursor.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ValidationException("cursor", "must be a cursor returned by a previous page (1..64 of [A-Za-z0-9_-])");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }

    public PageRequest next(String cursor) {
        return new PageRequest(cursor, limit);
    }
}
