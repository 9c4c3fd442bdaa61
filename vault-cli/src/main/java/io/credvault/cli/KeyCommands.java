package io.credvault.cli;

import io.credvault.JournalVerification;
import io.credvault.KeyInfo;
import io.credvault.KeyUsage;
import io.credvault.RewrapOptions;
import io.credvault.RewrapProgress;
import io.credvault.RewrapReport;
import io.credvault.Vault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.KeyWrapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credvault key ...}: rotation, rewrap, usage, retirement; {@code master-key} and {@code journal}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Data-key management: rotate, rewrap, usage, retire.",
        subcommands = {KeyCommands.Rotate.class, KeyCommands.Rewrap.class, KeyCommands.Usage.class, KeyCommands.Retire.class,
                KeyCommands.Compromised.class})
final class KeyCommands {
    private KeyCommands() {
    }

    static Map<String, @Nullable Object> key(KeyInfo k) {
        return Output.object("version", k.version(), "state", k.state().name(), "createdAt", k.createdAt(),
                "encryptions", k.encryptions(), "retiredAt", k.retiredAt());
    }

    static Map<String, @Nullable Object> usage(KeyUsage u) {
        List<Map<String, @Nullable Object>> keys = new ArrayList<>();
        for (KeyInfo k : u.keys()) {
            Map<String, @Nullable Object> m = key(k);
            m.put("credentials", u.credentialsUnder(k.version()));
            keys.add(m);
        }
        return Output.object("primaryVersion", u.primaryVersion(), "rotationComplete", u.rotationComplete(),
                "remaining", u.remaining(), "keys", keys);
    }

    static void usage(PrintWriter out, KeyUsage u) {
        Output.Table t = new Output.Table("VERSION", "STATE", "CREDENTIALS", "ENCRYPTIONS", "CREATED");
        for (KeyInfo k : u.keys()) {
            t.row(k.version(), k.state(), u.credentialsUnder(k.version()), k.encryptions(), k.createdAt());
        }
        t.print(out);
        out.println(u.rotationComplete() ? "rotation complete: every credential is sealed under primary version " + u.primaryVersion()
                : u.remaining() + " credential(s) still sealed under older versions; run 'credvault key rewrap'");
    }

    static Map<String, @Nullable Object> report(RewrapReport r) {
        return Output.object("primaryVersion", r.primaryVersion(), "rewrapped", r.rewrapped(), "resumedFrom", r.resumedFrom(),
                "skipped", r.skipped(), "batches", r.batches(), "elapsedMillis", r.elapsed().toMillis(), "stopped", r.stopped(),
                "usage", usage(r.usage()));
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Make a new data key the primary.")
    static final class Rotate extends Base {
        @Override
        int run(Vault v) {
            KeyInfo k = v.keys().rotate();
            print(key(k), out -> out.println("rotated: version " + k.version()
                    + " is primary; run 'credvault key rewrap' to move existing credentials"));
            return 0;
        }
    }

    @Command(name = "rewrap", mixinStandardHelpOptions = true, description = {
            "Re-encrypt credentials under older key versions into the primary, in batches.",
            "Resumable: stopped (Ctrl-C) or killed, it keeps every committed batch; run it again to continue.",
            "Progress goes to standard error."})
    static final class Rewrap extends Base {
        @Option(names = "--batch-size", defaultValue = "500", description = "Credentials per transaction, 1..10000 (default ${DEFAULT-VALUE})")
        int batchSize;
        @Option(names = "--pause", paramLabel = "DURATION", defaultValue = "0",
                description = "Pause between batches, 0..1m: " + Durations.FORMS + " (default none)")
        Duration pause;

        private final AtomicBoolean stop = new AtomicBoolean();
        private final CountDownLatch finished = new CountDownLatch(1);

        @Override
        public Integer call() {
            // Ctrl-C (or SIGTERM) asks the rewrap to stop after the batch in flight, then waits for the report and the
            // vault's close: the count it prints is what was committed
            Thread hook = new Thread(() -> {
                stop.set(true);
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "credvault-rewrap-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return super.call();
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it ends now that the rewrap finished
                }
            }
        }

        @Override
        int run(Vault v) {
            long[] doneAtStart = {-1};
            RewrapReport r = v.keys().rewrap(RewrapOptions.builder().batchSize(batchSize).pauseBetweenBatches(pause)
                    .progress(p -> progress(p, doneAtStart)).stopWhen(stop::get).build());
            err().println();
            err().flush();
            print(report(r), out -> {
                if (r.stopped()) {
                    out.printf("rewrap stopped: %d rewrapped and committed in this run (%d of %d in all); run 'credvault key rewrap' "
                            + "again to continue%n", r.rewrapped(), r.rewrapped() + r.resumedFrom(),
                            r.rewrapped() + r.resumedFrom() + r.usage().remaining());
                } else {
                    out.printf("rewrap finished: %d rewrapped%s, %d skipped (changed concurrently), %d batch(es) in %.1f s%n", r.rewrapped(),
                            r.resumedFrom() > 0 ? " (resumed after " + r.resumedFrom() + ")" : "", r.skipped(), r.batches(),
                            r.elapsed().toMillis() / 1000.0);
                }
                usage(out, r.usage());
            });
            return r.stopped() ? 130 : 0;
        }

        private void progress(RewrapProgress p, long[] doneAtStart) {
            if (doneAtStart[0] < 0) {
                doneAtStart[0] = p.done();
            }
            Output.progress(err(), p.done(), p.total(), p.ratePerSecond(doneAtStart[0]), "credentials", "");
        }
    }

    @Command(name = "usage", mixinStandardHelpOptions = true, description = {
            "Credentials and encryptions per key version: proves a rotation finished.",
            "Encryptions are counted exactly once every instance that sealed under a key has closed; a running or",
            "crashed instance adds the unused rest of the block it reserved (at most --reservation-block)."})
    static final class Usage extends Base {
        @Override
        int run(Vault v) {
            KeyUsage u = v.keys().usage();
            print(usage(u), out -> usage(out, u));
            return 0;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Destroy a key version's material (refused while it is used).")
    static final class Retire extends Base {
        @Parameters(index = "0", paramLabel = "VERSION", description = "The key version to retire")
        int version;

        @Override
        int run(Vault v) {
            v.keys().retire(version);
            print(Output.object("retired", version), out -> out.println("retired key version " + version + ": its material is destroyed"));
            return 0;
        }
    }

    @Command(name = "compromised", mixinStandardHelpOptions = true,
            description = "Mark a key version compromised: decrypt-only now, and its credentials rewrapped first.")
    static final class Compromised extends Base {
        @Parameters(index = "0", paramLabel = "VERSION", description = "The compromised key version")
        int version;

        @Override
        int run(Vault v) {
            RewrapReport r = v.keys().compromised(version, RewrapOptions.defaults());
            print(report(r), out -> {
                out.println("key version " + version + " marked compromised; " + r.rewrapped() + " credential(s) rewrapped");
                usage(out, r.usage());
            });
            return 0;
        }
    }

    /** {@code credvault master-key change}. */
    @Command(name = "master-key", mixinStandardHelpOptions = true, description = "Master-key management: change.",
            subcommands = MasterKeyGroup.Change.class)
    static final class MasterKeyGroup {
        @Command(name = "change", mixinStandardHelpOptions = true, description = {
                "Rewrap the keyring under a new master key; no credential is touched.",
                "The new key: --new-key-file (generated if absent), or --new-passphrase (asked twice) / --new-passphrase-file."})
        static final class Change extends Base {
            @Option(names = "--new-key-file", paramLabel = "PATH", description = "The new master key file; a new random key is written there if it does not exist")
            @Nullable Path newKeyFile;
            @Option(names = "--new-passphrase", description = "Prompt (no echo, twice) for the new passphrase")
            boolean newPassphrase;
            @Option(names = "--new-passphrase-file", paramLabel = "PATH", description = "Read the new passphrase from the first line of a file")
            @Nullable Path newPassphraseFile;

            @Override
            int run(Vault v) {
                KeyWrapper next;
                if (newKeyFile != null) {
                    next = Files.exists(newKeyFile) ? MasterKey.fromFile(newKeyFile) : InitCommand.generateKeyFile(newKeyFile);
                } else if (newPassphraseFile != null || newPassphrase) {
                    char[] pass = newPassphraseFile != null ? VaultOptions.readPassphraseFile(newPassphraseFile)
                            : terminal().readNewSecret("New master passphrase");
                    next = MasterKey.newPassphrase(pass);
                    Arrays.fill(pass, '\0');
                } else {
                    throw new CliException(5, "give the new master key: --new-key-file, --new-passphrase or --new-passphrase-file");
                }
                v.keys().changeMasterKey(next);
                print(Output.object("changed", true, "keyFile", newKeyFile == null ? null : newKeyFile.toAbsolutePath().toString()),
                        out -> out.println("master key changed; open the vault with the new key from now on"
                                + (newKeyFile != null ? " (" + newKeyFile.toAbsolutePath() + ")" : "")));
                return 0;
            }
        }
    }

    /** {@code credvault journal verify|purge}. */
    @Command(name = "journal", mixinStandardHelpOptions = true, description = "Journal operations: verify, purge.",
            subcommands = {JournalGroup.Verify.class, JournalGroup.Purge.class})
    static final class JournalGroup {
        @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the journal's HMAC chain; exit 6 at the first broken link.")
        static final class Verify extends Base {
            @Override
            int run(Vault v) {
                JournalVerification r = v.journal().verify();
                print(Output.object("intact", r.intact(), "checked", r.checked(), "firstBrokenSeq", r.intact() ? null : r.firstBrokenSeq(),
                        "reason", r.reason()), out -> {
                            if (r.intact()) {
                                out.println("journal intact: " + r.checked() + " entries verified");
                            }
                        });
                if (!r.intact()) {
                    throw new CliException(6, "journal chain broken at entry " + r.firstBrokenSeq() + ": " + r.reason()
                            + " (" + r.checked() + " entries verified before it)");
                }
                return 0;
            }
        }

        @Command(name = "purge", mixinStandardHelpOptions = true,
                description = "Delete journal entries and provider calls older than the retention (default 30 days).")
        static final class Purge extends Base {
            @Override
            int run(Vault v) {
                long purged = v.journal().purgeExpired();
                print(Output.object("purged", purged), out -> out.println("purged " + purged + " journal entries"));
                return 0;
            }
        }
    }
}
