package io.credvault;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A small authenticated statement of the journal's head at a moment: its sequence number, the chain MAC of that
 * entry and the time, with a tag under the vault's journal key. Keep it outside the database (a log, another
 * store, a ticket); {@link Journal#verify(JournalCheckpoint)} later proves that nothing up to it was removed or
 * rewritten, which the database alone cannot prove against a rollback of all of its tables. It holds no secret.
 *
 * @param seq the sequence number of the head entry (0 for an empty journal)
 * @param mac the chain MAC of that entry, hex
 * @param at  when the checkpoint was taken
 * @param tag HMAC-SHA256 over the rest under the journal key, hex
 */
public record JournalCheckpoint(long seq, String mac, Instant at, String tag) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks the components.
     *
     * @param seq the sequence number of the head entry (0 for an empty journal)
     * @param mac the chain MAC of that entry, hex
     * @param at when the checkpoint was taken
     * @param tag HMAC-SHA256 over the rest under the journal key, hex
     */
    public JournalCheckpoint {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(tag, "tag");
        if (seq < 0) {
            throw new ValidationException("checkpoint", "sequence number must be >= 0, got " + seq);
        }
        if (!HEX64.matcher(mac).matches() || !HEX64.matcher(tag).matches()) {
            throw new ValidationException("checkpoint", "mac and tag must be 64 lower-case hex digits");
        }
    }

    /**
     * Reads the form {@link #toString()} writes: {@code cvjc1.<seq>.<mac>.<epoch micros>.<tag>}.
     *
     * @param text the checkpoint as {@link #toString()} printed it
     * @return the checkpoint
     */
    public static JournalCheckpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] p = text.strip().split("\\.");
        if (p.length != 5 || !p[0].equals("cvjc1")) {
            throw new ValidationException("checkpoint", "must look like cvjc1.<seq>.<mac>.<micros>.<tag>");
        }
        try {
            long micros = Long.parseLong(p[3]);
            return new JournalCheckpoint(Long.parseLong(p[1]), p[2], Instant.EPOCH.plus(micros, ChronoUnit.MICROS), p[4]);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw new ValidationException("checkpoint", "must look like cvjc1.<seq>.<mac>.<micros>.<tag>");
        }
    }

    /** The text form, one line, safe to log: {@code cvjc1.<seq>.<mac>.<epoch micros>.<tag>}. */
    @Override
    public String toString() {
        return "cvjc1." + seq + "." + mac + "." + ChronoUnit.MICROS.between(Instant.EPOCH, at) + "." + tag;
    }
}
