package io.credvault.spi;

import java.time.Instant;

/**
 * Lease rows of one backend transaction: named, time-limited claims that serialise work across threads and
 * instances (one refresh of a credential at a time). Rows, not session locks, so they work through a connection
 * pooler; a holder that dies leaves a lease that simply lapses. A backend may leave them out; the vault then
 * refuses the features that need them, saying so.
 */
public interface LeaseTable {
    /**
     * Takes {@code lease} if its name is free, its lease lapsed (expiry before {@code now}) or it is already this
     * holder's; returns whether it was taken. The check and the write must be one atomic step against other
     * transactions (a conditional {@code UPDATE}, then an {@code INSERT} that a concurrent one makes fail): a
     * separate read first would let two takers both find the name free. A taker that loses an insert race may also
     * fail with {@link io.credvault.ConflictException}; it has not got the lease.
     *
     * @param lease the lease wanted: name, holder, expiry
     * @param now the current time: a lease that expired by then may be taken
     * @return whether the lease is now held by {@code lease.holder()}
     */
    boolean tryTake(Lease lease, Instant now);

    /**
     * Releases the lease named {@code name} if {@code holder} holds it.
     *
     * @param name the lease's name
     * @param holder the holder releasing it
     */
    void release(String name, String holder);

    /**
     * A lease.
     *
     * @param name      what it serialises, e.g. {@code refresh:<credential id>}
     * @param holder    who holds it (an instance and thread id)
     * @param expiresAt when it lapses if not released
     */
    record Lease(String name, String holder, Instant expiresAt) {
    }
}
