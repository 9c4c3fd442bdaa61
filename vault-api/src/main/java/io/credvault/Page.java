package io.credvault;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A page of results and the cursor of the next page ({@code null} on the last page). Items present for the
 * whole walk appear exactly once, however many are inserted or deleted meanwhile.
 *
 * @param items the page's items
 * @param nextCursor the cursor of the next page, or null on the last
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
    /**
     * Copies the items.
     *
     * @param items the page's items
     * @param nextCursor the cursor of the next page, or null on the last
     */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * The cursor of the next page.
     *
     * @return the cursor, or empty on the last page
     */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }

    /**
     * Whether there is a next page.
     *
     * @return true if {@link #nextCursor()} is set
     */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
