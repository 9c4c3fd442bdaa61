package io.credvault.core.internal;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.KeyAdmin;
import io.credvault.KeyInfo;
import io.credvault.KeyState;
import io.credvault.KeyUsage;
import io.credvault.RewrapOptions;
import io.credvault.RewrapProgress;
import io.credvault.RewrapReport;
import io.credvault.core.VaultObserver;
import io.credvault.ValidationException;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.KeyWrapper;
import io.credvault.spi.Sealer;
import io.credvault.spi.VaultBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@link KeyAdmin} over a {@link Keyring}. Rewrap state lives in the {@value #REWRAP_SETTING} setting:
 * {@code primary;versions;cursor;done;skipped}, written in the same transaction as each batch.
 */
public final class KeyManager implements KeyAdmin {
    public static final String REWRAP_SETTING = "rewrap.state";

    private final VaultBackend backend;
    private final Keyring keyring;
    private final VaultObserver observer;
    private final Sealer sealer;
    private final Clock clock;

    public KeyManager(VaultBackend backend, Keyring keyring, Sealer sealer, Clock clock, VaultObserver observer) {
        this.backend = backend;
        this.keyring = keyring;
        this.sealer = sealer;
        this.clock = clock;
        this.observer = observer;
    }

    private static KeyInfo info(KeyRecord k) {
        return new KeyInfo(k.version(), k.state(), k.createdAt(), k.encryptionsReserved(), k.retiredAt());
    }

    @Override
    public List<KeyInfo> list() {
        return backend.keys().stream().map(KeyManager::info).toList();
    }

    @Override
    public KeyInfo rotate() {
        KeyRecord next = backend.inTransaction(tx -> keyring.rotateIn(tx, clock.instant(), "key.rotated", Map.of()));
        keyring.invalidate(); // first: even if the re-read below fails, the next encryption takes the new primary
        keyring.reload();
        return info(next);
    }

    @Override
    public KeyUsage usage() {
        return usage(backend.countByKeyVersion());
    }

    /** The keys with {@code counts}, the credentials per key version as just read. */
    private KeyUsage usage(Map<Integer, Long> counts) {
        List<KeyRecord> keys = backend.keys();
        int primary = keys.stream().filter(k -> k.state() == KeyState.PRIMARY).mapToInt(KeyRecord::version).findFirst().orElse(0);
        return new KeyUsage(primary, counts, keys.stream().map(KeyManager::info).toList());
    }

    @Override
    public KeyInfo retire(int version) {
        KeyRecord existing = find(version);
        if (existing.state() == KeyState.RETIRED) {
            return info(existing);
        }
        if (existing.state() == KeyState.PRIMARY) {
            throw new ConflictException("key version " + version + " is the primary; rotate, rewrap, then retire it");
        }
        long used = backend.countByKeyVersion().getOrDefault(version, 0L);
        if (used > 0) {
            throw new ConflictException("key version " + version + " still seals " + used
                    + " credential(s) (0 journal entries and 0 API keys: those are protected by MAC keys, not data keys); "
                    + "run rewrap first");
        }
        Instant now = clock.instant();
        KeyRecord retired = backend.inTransaction(tx -> {
            KeyRecord k = Keyring.lockKeys(tx).stream().filter(r -> r.version() == version).findFirst().orElseThrow();
            KeyRecord r = new KeyRecord(version, KeyState.RETIRED, new byte[0], k.createdAt(), k.encryptionsReserved(), now);
            tx.keyring().putKey(r);
            tx.journal().append(Keyring.keyEvent(now, "key.retired", Map.of("version", String.valueOf(version))));
            return r;
        });
        keyring.reload();
        return info(retired);
    }

    @Override
    public RewrapReport compromised(int version, RewrapOptions options) {
        Objects.requireNonNull(options, "options");
        KeyRecord existing = find(version);
        if (existing.state() == KeyState.RETIRED) {
            throw new ConflictException("key version " + version + " is retired; nothing is sealed under it");
        }
        backend.useTransaction(tx -> {
            Instant now = clock.instant();
            KeyRecord k = Keyring.lockKeys(tx).stream().filter(r -> r.version() == version).findFirst().orElseThrow();
            if (k.state() == KeyState.PRIMARY) {
                keyring.rotateIn(tx, now, "key.rotated", Map.of("reason", "version " + version + " compromised"));
            }
            tx.keyring().putKey(k.withState(KeyState.COMPROMISED));
            tx.journal().append(Keyring.keyEvent(now, "key.compromised", Map.of("version", String.valueOf(version))));
        });
        keyring.invalidate();
        keyring.reload();
        return rewrap(options);
    }

    @Override
    public void changeMasterKey(KeyWrapper newMasterKey) {
        Objects.requireNonNull(newMasterKey, "newMasterKey");
        backend.useTransaction(tx -> {
            keyring.rewrapUnder(tx, newMasterKey);
            tx.journal().append(Keyring.keyEvent(clock.instant(), "master_key.changed", Map.of()));
        });
        keyring.useWrapper(newMasterKey);
    }

    private KeyRecord find(int version) {
        return backend.keys().stream().filter(k -> k.version() == version).findFirst()
                .orElseThrow(() -> new ValidationException("version", "no key version " + version + " in this vault; versions: "
                        + backend.keys().stream().map(k -> String.valueOf(k.version())).collect(Collectors.joining(", "))));
    }

    /** Persisted progress of one rewrap phase. */
    private record State(int primary, String versions, @Nullable String cursor, long done, long skipped) {
        String encode() {
            return primary + ";" + versions + ";" + (cursor == null ? "" : cursor) + ";" + done + ";" + skipped;
        }

        static Optional<State> decode(String s) {
            if (s.isEmpty()) {
                return Optional.empty();
            }
            String[] p = s.split(";", -1);
            return Optional.of(new State(Integer.parseInt(p[0]), p[1], p[2].isEmpty() ? null : p[2], Long.parseLong(p[3]),
                    Long.parseLong(p[4])));
        }
    }

    /** On close: see {@link Keyring#releaseUnused()}. */
    void releaseUnused() {
        keyring.releaseUnused();
    }

    @Override
    public RewrapReport rewrap(RewrapOptions options) {
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        Keyring.Snapshot s = keyring.reload();
        int primary = s.primary();
        List<Integer> compromised = new ArrayList<>();
        List<Integer> older = new ArrayList<>();
        for (int v = 1; v <= s.maxVersion(); v++) {
            if (v != primary && s.aead(v) != null) {
                (s.state(v) == KeyState.COMPROMISED ? compromised : older).add(v);
            }
        }
        long[] totals = new long[4]; // rewrapped, resumedFrom, skipped, batches
        boolean stopped = false;
        Map<Integer, Long> counts = null;
        if (!compromised.isEmpty()) {
            counts = phase(primary, compromised, options, totals, started);
            stopped = counts == null;
        }
        List<Integer> all = new ArrayList<>(compromised);
        all.addAll(older);
        if (!all.isEmpty() && !stopped) {
            counts = phase(primary, all, options, totals, started);
            stopped = counts == null;
        }
        // a pass that ended has just counted the credentials by key version: the report gives those counts
        KeyUsage usage = counts != null ? usage(counts) : usage();
        return new RewrapReport(primary, totals[0], totals[1], totals[2], (int) totals[3],
                Duration.ofNanos(System.nanoTime() - started), usage, stopped);
    }

    /**
     * One pass over {@code versions}: the credentials per key version counted at its end, or null if
     * {@link RewrapOptions#stopWhen()} stopped it (its progress stays saved).
     */
    private @Nullable Map<Integer, Long> phase(int primary, List<Integer> versions, RewrapOptions options, long[] totals, long started) {
        String key = versions.stream().map(String::valueOf).collect(Collectors.joining(","));
        Optional<State> saved = backend.setting(REWRAP_SETTING).flatMap(State::decode)
                .filter(st -> st.primary() == primary && st.versions().equals(key));
        State state = saved.orElseGet(() -> new State(primary, key, null, 0, 0));
        long doneAtStart = state.done();
        totals[1] += doneAtStart;
        long remaining = backend.countByKeyVersion().entrySet().stream().filter(e -> versions.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        long total = doneAtStart + remaining;
        Instant now = clock.instant();
        State begin = state;
        backend.useTransaction(tx -> {
            tx.keyring().putSetting(REWRAP_SETTING, begin.encode());
            tx.journal().append(Keyring.keyEvent(now, saved.isPresent() ? "key.rewrap_resumed" : "key.rewrap_started", Map.of(
                    "primary", String.valueOf(primary), "versions", key, "total", String.valueOf(total),
                    "done", String.valueOf(begin.done()))));
        });
        long passStart = state.done();
        progress(options, new RewrapProgress(state.done(), total, state.skipped(), Duration.ofNanos(System.nanoTime() - started)));
        Map<Integer, Long> counts = Map.of();
        try (RewrapReader reader = new RewrapReader(backend, sealer, keyring, remaining, versions, options.batchSize())) {
            while (true) {
                if (options.stopWhen().getAsBoolean()) {
                    long done = state.done();
                    backend.useTransaction(tx -> tx.journal().append(Keyring.keyEvent(clock.instant(), "key.rewrap_stopped", Map.of(
                            "done", String.valueOf(done), "total", String.valueOf(total)))));
                    return null;
                }
                CredentialId cursor = state.cursor() == null ? null : CredentialId.of(state.cursor());
                RewrapReader.Resealed batch = reader.batch(cursor);
                if (batch.isEmpty()) {
                    // Credentials skipped for a concurrent change that kept the old key (a status change) are
                    // behind the cursor: walk again while a pass still makes progress.
                    counts = backend.countByKeyVersion();
                    boolean left = counts.entrySet().stream()
                            .anyMatch(e -> versions.contains(e.getKey()) && e.getValue() > 0);
                    if (left && cursor != null && state.done() > passStart) {
                        state = new State(primary, key, null, state.done(), state.skipped());
                        passStart = state.done();
                        continue;
                    }
                    break;
                }
                CredentialId last = Objects.requireNonNull(batch.last());
                reader.readAhead(last);
                State before = state;
                state = backend.inTransaction(tx -> {
                    boolean[] swapped = tx.credentials().swapSealed(batch.seen(), batch.next());
                    long done = 0;
                    for (boolean ok : swapped) {
                        if (ok) {
                            done++;
                        }
                    }
                    long skipped = batch.unreadable() + (swapped.length - done);
                    State after = new State(primary, key, last.value(), before.done() + done, before.skipped() + skipped);
                    tx.keyring().putSetting(REWRAP_SETTING, after.encode());
                    tx.journal().append(Keyring.keyEvent(clock.instant(), "key.rewrap_progressed", Map.of(
                            "done", String.valueOf(after.done()), "total", String.valueOf(total),
                            "skipped", String.valueOf(after.skipped()))));
                    return after;
                });
                totals[0] += state.done() - before.done();
                totals[2] += state.skipped() - before.skipped();
                totals[3]++;
                progress(options, new RewrapProgress(state.done(), total, state.skipped(),
                        Duration.ofNanos(System.nanoTime() - started)));
                pause(options.pauseBetweenBatches());
            }
        }
        State end = state;
        backend.useTransaction(tx -> {
            tx.keyring().putSetting(REWRAP_SETTING, "");
            Map<String, String> details = new TreeMap<>();
            details.put("primary", String.valueOf(primary));
            details.put("versions", key);
            details.put("done", String.valueOf(end.done()));
            details.put("skipped", String.valueOf(end.skipped()));
            tx.journal().append(Keyring.keyEvent(clock.instant(), "key.rewrap_finished", details));
        });
        return counts;
    }

    private void progress(RewrapOptions options, RewrapProgress p) {
        observer.rewrapProgressed(p);
        options.progress().accept(p);
    }

    private static void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rewrap interrupted; run it again to resume", e);
        }
    }
}
