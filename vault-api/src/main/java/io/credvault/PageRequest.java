package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing: up to {@code limit} items after {@code cursor} ({@code null} for the first page).
 * Cursors are opaque; pass back the {@link Page#nextCursor()} of the previous page.
 *
 * @param cursor where the page starts: the previous page's next cursor, or null for the first
 * @param limit the page size, 1..1000
 */
public record PageRequest(@Nullable String cursor, int limit) {
    /** The largest page size. */
    public static final int MAX_LIMIT = 1000;

    /**
     * Checks the limit: 1 to {@value #MAX_LIMIT}.
     *
     * @param cursor where the page starts: the previous page's next cursor, or null for the first
     * @param limit the page size, 1..1000
     */
    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        if (cursor != null && !cursor.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ValidationException("cursor", "must be a cursor returned by a previous page (1..64 of [A-Za-z0-9_-])");
        }
    }

    /**
     * The first page.
     *
     * @param limit the page size, 1..{@value #MAX_LIMIT}
     * @return the request
     */
    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }

    /**
     * The page after {@code cursor}, of the same size.
     *
     * @param cursor the cursor the previous page returned
     * @return the request
     */
    public PageRequest next(String cursor) {
        return new PageRequest(cursor, limit);
    }
}
