package io.credvault.micrometer;

import io.credvault.CredentialLifecycle;
import io.credvault.JournalEntry;
import io.credvault.LifecycleListener;
import io.credvault.RewrapProgress;
import io.credvault.core.VaultGauges;
import io.credvault.core.VaultObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * credvault's metrics on a host's {@link MeterRegistry}. Give it to the vault's builder as its observer, and, to
 * count refreshes made by any path (the background refresher included), to the vault's lifecycle:
 *
 * <pre>{@code
 * CredvaultMetrics metrics = new CredvaultMetrics(registry, Tags.of("vault", "main"));
 * Vault vault = CredVault.builder().backend(backend).masterKey(key).observer(metrics).build();
 * metrics.watch(vault.lifecycle());
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code credvault.calls}</td><td>timer</td><td>{@code operation}, {@code outcome} ({@code success},
 *       {@code failure}), {@code exception} ({@code none} or the exception's simple class name)</td>
 *       <td>every call of the vault's credential API: reveal, create, update, delete, ... (see
 *       {@link VaultObserver#called})</td></tr>
 *   <tr><td>{@code credvault.seals}</td><td>timer</td><td></td><td>encryptions of a secret</td></tr>
 *   <tr><td>{@code credvault.reveal.journal.queue}</td><td>gauge</td><td></td><td>reveals and uses waiting to be
 *       journaled</td></tr>
 *   <tr><td>{@code credvault.reveal.journal.flushes}</td><td>timer</td><td>{@code outcome}</td><td>writes of the
 *       reveal journal</td></tr>
 *   <tr><td>{@code credvault.reveal.journal.entries}</td><td>counter</td><td></td><td>entries and uses
 *       written</td></tr>
 *   <tr><td>{@code credvault.rewrap.done}, {@code credvault.rewrap.total}</td><td>gauges</td><td></td><td>the last
 *       rewrap's progress</td></tr>
 *   <tr><td>{@code credvault.key.encryptions}</td><td>gauge</td><td></td><td>encryptions counted under the primary
 *       data key</td></tr>
 *   <tr><td>{@code credvault.key.encryptions.limit}</td><td>gauge</td><td></td><td>the limit per key, at which it
 *       rotates</td></tr>
 *   <tr><td>{@code credvault.key.primary.version}</td><td>gauge</td><td></td><td>the primary data key's
 *       version</td></tr>
 *   <tr><td>{@code credvault.refreshes}</td><td>counter</td><td>{@code outcome} ({@code refreshed},
 *       {@code failed})</td><td>refreshes committed, by {@link #watch}</td></tr>
 * </table>
 */
public final class CredvaultMetrics implements VaultObserver {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer seals;
    private final Counter journalEntries;
    private final AtomicLong rewrapDone = new AtomicLong();
    private final AtomicLong rewrapTotal = new AtomicLong();
    /** The gauges of the open vault ({@link #current}), removed when it closes. */
    private final List<Meter> vaultGauges = new ArrayList<>();
    private @Nullable VaultGauges current;

    /**
     * Metrics on {@code registry} without extra tags.
     *
     * @param registry the host's registry
     */
    public CredvaultMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Metrics on {@code registry}, each meter with {@code tags} (e.g. the vault's name when a host has several).
     *
     * @param registry the host's registry
     * @param tags     common tags
     */
    public CredvaultMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.seals = Timer.builder("credvault.seals").description("encryptions of a secret").tags(this.tags).register(registry);
        this.journalEntries = Counter.builder("credvault.reveal.journal.entries").description("reveal entries and uses written")
                .tags(this.tags).register(registry);
        Gauge.builder("credvault.rewrap.done", rewrapDone, AtomicLong::get).description("credentials the last rewrap re-encrypted")
                .tags(this.tags).strongReference(true).register(registry);
        Gauge.builder("credvault.rewrap.total", rewrapTotal, AtomicLong::get).description("credentials the last rewrap had to re-encrypt")
                .tags(this.tags).strongReference(true).register(registry);
    }

    /**
     * Registers the gauges of the vault that opened. Gauges of a vault opened before with these metrics are removed
     * first: one {@code CredvaultMetrics} (one set of tags) reports one open vault.
     */
    @Override
    public synchronized void opened(VaultGauges gauges) {
        removeGauges();
        current = gauges;
        // strong references: Micrometer holds a gauge's object weakly, and nothing else holds these
        vaultGauges.add(Gauge.builder("credvault.reveal.journal.queue", gauges, VaultGauges::revealJournalQueue)
                .description("reveals and uses waiting to be journaled").tags(tags).strongReference(true).register(registry));
        vaultGauges.add(Gauge.builder("credvault.key.encryptions", gauges, VaultGauges::primaryKeyEncryptions)
                .description("encryptions counted under the primary data key").tags(tags).strongReference(true).register(registry));
        vaultGauges.add(Gauge.builder("credvault.key.encryptions.limit", gauges, VaultGauges::maxEncryptionsPerKey)
                .description("encryptions allowed per data key before it rotates").tags(tags).strongReference(true).register(registry));
        vaultGauges.add(Gauge.builder("credvault.key.primary.version", gauges, VaultGauges::primaryKeyVersion)
                .description("the primary data key's version").tags(tags).strongReference(true).register(registry));
    }

    /** Removes the closed vault's gauges, so that the registry neither reports nor holds a closed vault. */
    @Override
    public synchronized void closed(VaultGauges gauges) {
        if (gauges == current) {
            removeGauges();
            current = null;
        }
    }

    private void removeGauges() {
        vaultGauges.forEach(registry::remove);
        vaultGauges.clear();
    }

    @Override
    public void called(String operation, long nanos, @Nullable Throwable failure) {
        Timer.builder("credvault.calls").description("calls of the vault's credential API").tags(tags)
                .tag("operation", operation)
                .tag("outcome", failure == null ? "success" : "failure")
                .tag("exception", failure == null ? "none" : failure.getClass().getSimpleName())
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void sealed(long nanos) {
        seals.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void revealJournalFlushed(int entries, long nanos, boolean ok) {
        Timer.builder("credvault.reveal.journal.flushes").description("writes of the reveal journal").tags(tags)
                .tag("outcome", ok ? "success" : "failure").register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (ok) {
            journalEntries.increment(entries);
        }
    }

    @Override
    public void rewrapProgressed(RewrapProgress progress) {
        rewrapDone.set(progress.done());
        rewrapTotal.set(progress.total());
    }

    /**
     * Counts the refreshes committed on this vault, by any caller and by its background refresher, as
     * {@code credvault.refreshes}.
     *
     * @param lifecycle the vault's lifecycle ({@code vault.lifecycle()})
     */
    public void watch(CredentialLifecycle lifecycle) {
        Counter refreshed = refreshes("refreshed");
        Counter failed = refreshes("failed");
        lifecycle.subscribe(new LifecycleListener() {
            @Override
            public void refreshed(JournalEntry entry) {
                refreshed.increment();
            }

            @Override
            public void refreshFailed(JournalEntry entry, String cause) {
                failed.increment();
            }
        });
    }

    private Counter refreshes(String outcome) {
        return Counter.builder("credvault.refreshes").description("refreshes committed").tags(tags).tag("outcome", outcome)
                .register(registry);
    }
}
