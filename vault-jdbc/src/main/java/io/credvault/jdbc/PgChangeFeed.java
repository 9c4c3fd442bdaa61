package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.spi.ChangeFeed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's {@code LISTEN/NOTIFY} as a {@link ChangeFeed}. Each transaction that writes credentials sends, before
 * its commit, {@code pg_notify(<prefix>changes, '<last journal seq>:<id>,<id>,...')} (in several notifications when
 * the ids do not fit in one; a rewrap batch sends {@code '<seq>~<first id>,<last id>'}, its range), which PostgreSQL
 * delivers at the commit, to every listening session of the database.
 *
 * <p>The subscriber's thread holds one connection of the pool for {@code LISTEN}. It trusts the feed only once a
 * ping sent from another session of the pool has arrived, and sends one every heartbeat: a ping not back within two
 * heartbeats (and at least 2 s) (a dead connection, or a pooler in transaction mode, where {@code LISTEN} outlives no transaction) makes
 * the feed {@linkplain ChangeFeed.Listener#lost lost}, and it connects again after a pause (half a second, doubling up to a minute).
 */
final class PgChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.cache");
    /** PostgreSQL's payload limit is 8,000 bytes; ids are ASCII. */
    static final int MAX_PAYLOAD = 7_900;
    private static final String PING = "ping:";
    private static final String RANGE = "~";
    /** The least time a ping has to come back, however short the heartbeat: a busy server is not a lost feed. */
    private static final long PING_DEADLINE_NANOS = 2_000_000_000L;

    private final DataSource dataSource;
    private final String channel;
    /** The longest the thread blocks for notifications, so that it ends soon after its subscription closes. */
    private static final int WAIT_MILLIS = 200;
    /** The first pause before connecting again; it doubles up to a minute while connecting fails. */
    private static final long FIRST_PAUSE_MILLIS = 500;

    PgChangeFeed(DataSource dataSource, String prefix) {
        this.dataSource = dataSource;
        this.channel = prefix + "changes";
    }

    /** Sends the notifications of one transaction's changes on its own connection, so they are delivered at its commit. */
    static void send(Handle h, String prefix, long journalSeq, Collection<CredentialId> ids, CredentialId @Nullable [] range) {
        List<String> payloads = payloads(journalSeq, ids);
        if (range != null) {
            payloads.add(rangePayload(journalSeq, range[0], range[1]));
        }
        // all of them in one statement: one round trip however many ids a transaction wrote
        h.createQuery("SELECT pg_notify(:channel, p) FROM unnest(CAST(:payloads AS text[])) AS p")
                .bind("channel", prefix + "changes").bindArray("payloads", String.class, payloads)
                .mapTo(String.class).list();
    }

    /** {@code <seq>~<first>,<last>}: the ids of a rewrap batch as their range, a few dozen bytes for any batch size. */
    static String rangePayload(long journalSeq, CredentialId first, CredentialId last) {
        return journalSeq + RANGE + first.value() + "," + last.value();
    }

    /** {@code <seq>:<id>,<id>,...}, each at most {@value #MAX_PAYLOAD} characters. */
    static List<String> payloads(long journalSeq, Collection<CredentialId> ids) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (CredentialId id : ids) {
            if (b.length() > 0 && b.length() + 1 + id.value().length() > MAX_PAYLOAD) {
                out.add(b.toString());
                b.setLength(0);
            }
            b.append(b.length() == 0 ? journalSeq + ":" : ",").append(id.value());
        }
        if (b.length() > 0) {
            out.add(b.toString());
        }
        return out;
    }

    @Override
    public AutoCloseable subscribe(Duration heartbeat, Listener listener) {
        Thread thread = new Thread(() -> run(heartbeat, listener), "credvault-change-feed");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            thread.interrupt();
            thread.join(10 * WAIT_MILLIS);
        };
    }

    private void run(Duration heartbeat, Listener listener) {
        long pause = FIRST_PAUSE_MILLIS;
        boolean warned = false;
        while (!Thread.currentThread().isInterrupted()) {
            boolean live = false;
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                String token = ping();
                long sentAt = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    PGNotification[] got = pg.getNotifications((int) Math.min(WAIT_MILLIS, heartbeat.toMillis()));
                    for (PGNotification n : got == null ? new PGNotification[0] : got) {
                        String payload = n.getParameter();
                        if (payload.equals(PING + token)) {
                            if (!live) {
                                live = true;
                                pause = FIRST_PAUSE_MILLIS;
                                if (warned) {
                                    LOG.info("change notifications arrive again");
                                    warned = false;
                                }
                                listener.resynced();
                            }
                            token = null;
                        } else if (live && !payload.startsWith(PING)) {
                            deliver(payload, listener);
                        }
                    }
                    long waited = System.nanoTime() - sentAt;
                    if (token == null && waited >= heartbeat.toNanos()) {
                        token = ping();
                        sentAt = System.nanoTime();
                    } else if (token != null && waited >= Math.max(2 * heartbeat.toNanos(), PING_DEADLINE_NANOS)) {
                        throw new SQLException("a change notification sent " + Duration.ofNanos(waited).toMillis()
                                + " ms ago has not arrived (a pooler in transaction mode does not keep LISTEN)");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (live || !warned) {
                    LOG.warn("change notifications from PostgreSQL stopped ({}); the read cache reads the journal instead until "
                            + "they arrive again", e.toString());
                    warned = true;
                }
                listener.lost(e);
            }
            try {
                Thread.sleep(pause); // interrupted by the subscription's close
            } catch (InterruptedException e) {
                return;
            }
            pause = Math.min(60_000, pause * 2);
        }
    }

    /** Sends a ping from another session of the pool: one that comes back proves delivery between sessions. */
    private String ping() throws SQLException {
        String token = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, PING + token);
            ps.executeQuery().close();
        }
        return token;
    }

    static void deliver(String payload, Listener listener) {
        int tilde = payload.indexOf(RANGE);
        if (tilde > 0) {
            String[] ends = payload.substring(tilde + 1).split(",", 2);
            listener.changedBetween(Long.parseLong(payload.substring(0, tilde)), CredentialId.of(ends[0]), CredentialId.of(ends[1]));
            return;
        }
        int colon = payload.indexOf(':');
        List<CredentialId> ids = new ArrayList<>();
        for (String id : payload.substring(colon + 1).split(",")) {
            ids.add(CredentialId.of(id));
        }
        listener.changed(Long.parseLong(payload.substring(0, colon)), ids);
    }
}
