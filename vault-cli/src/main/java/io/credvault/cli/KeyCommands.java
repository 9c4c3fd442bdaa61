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
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code credvault key ...}: rotation, rewrap, usage, retirement. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Data-key management.",
        subcommands = {KeyCommands.Rotate.class, KeyCommands.Rewrap.class, KeyCommands.Usage.class, KeyCommands.Retire.class,
                KeyCommands.Compromised.class})
final class KeyCommands {

    static void usage(PrintWriter out, KeyUsage u) {
        out.println("VERSION  STATE         CREDENTIALS  ENCRYPTIONS  CREATED");
        for (KeyInfo k : u.keys()) {
            out.printf("%7d  %-12s  %11d  %11d  %s%n", k.version(), k.state(), u.credentialsUnder(k.version()), k.encryptions(), k.createdAt());
        }
        out.println(u.rotationComplete() ? "rotation complete: every credential is sealed under primary version " + u.primaryVersion()
                : u.remaining() + " credential(s) still sealed under older versions; run 'credvault key rewrap'");
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Make a new data key the primary.")
    static final class Rotate extends Base {
        @Override
        int run(Vault v) {
            KeyInfo k = v.keys().rotate();
            out().println("rotated: version " + k.version() + " is primary; run 'credvault key rewrap' to move existing credentials");
            return 0;
        }
    }

    @Command(name = "rewrap", mixinStandardHelpOptions = true, description = {"Re-encrypt credentials under older versions into the primary.",
            "Resumable: if interrupted, run it again and it continues where it stopped."})
    static final class Rewrap extends Base {
        @Option(names = "--batch-size", defaultValue = "500", description = "Credentials per transaction (default ${DEFAULT-VALUE})")
        int batchSize;
        @Option(names = "--pause", defaultValue = "0", description = "Pause between batches, e.g. 100ms as PT0.1S or 1s (default none)")
        String pause;

        @Override
        int run(Vault v) {
            long[] startDone = {-1};
            RewrapReport r = v.keys().rewrap(RewrapOptions.builder().batchSize(batchSize).pauseBetweenBatches(duration("pause", pause))
                    .progress(p -> progress(p, startDone)).build());
            out().println();
            out().printf("rewrap finished: %d rewrapped%s, %d skipped (changed concurrently), %d batch(es) in %.1f s%n", r.rewrapped(),
                    r.resumedFrom() > 0 ? " (resumed after " + r.resumedFrom() + ")" : "", r.skipped(), r.batches(),
                    r.elapsed().toMillis() / 1000.0);
            usage(out(), r.usage());
            return 0;
        }

        private void progress(RewrapProgress p, long[] startDone) {
            if (startDone[0] < 0) {
                startDone[0] = p.done() - Math.min(p.done(), batchSize);
            }
            double rate = p.ratePerSecond(startDone[0]);
            long left = p.total() - p.done();
            int width = 30;
            int filled = p.total() == 0 ? width : (int) (width * p.done() / p.total());
            String eta = rate > 0 ? Duration.ofSeconds((long) Math.ceil(left / rate)).toString().substring(2).toLowerCase() : "?";
            out().printf("\r[%s%s] %d/%d  %.0f/s  ETA %s   ", "#".repeat(filled), ".".repeat(width - filled), p.done(), p.total(), rate, eta);
            out().flush();
        }
    }

    @Command(name = "usage", mixinStandardHelpOptions = true, description = "Credentials per key version: proves a rotation finished.")
    static final class Usage extends Base {
        @Override
        int run(Vault v) {
            usage(out(), v.keys().usage());
            return 0;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Destroy a key version's material (refused while used).")
    static final class Retire extends Base {
        @Parameters(index = "0", paramLabel = "VERSION")
        int version;

        @Override
        int run(Vault v) {
            v.keys().retire(version);
            out().println("retired key version " + version + ": its material is destroyed");
            return 0;
        }
    }

    @Command(name = "compromised", mixinStandardHelpOptions = true, description = "Mark a version compromised: decrypt-only now, its credentials rewrapped first.")
    static final class Compromised extends Base {
        @Parameters(index = "0", paramLabel = "VERSION")
        int version;

        @Override
        int run(Vault v) {
            RewrapReport r = v.keys().compromised(version, RewrapOptions.defaults());
            out().println("key version " + version + " marked compromised; " + r.rewrapped() + " credential(s) rewrapped");
            usage(out(), r.usage());
            return 0;
        }
    }

    /** {@code credvault master-key change}. */
    @Command(name = "master-key", mixinStandardHelpOptions = true, description = "Master-key management.",
            subcommands = MasterKeyGroup.Change.class)
    static final class MasterKeyGroup {
        @Command(name = "change", mixinStandardHelpOptions = true, description = {
                "Rewrap the keyring under a new master key (no credential is touched).",
                "The new key: --new-key-file (generated if absent), or --new-passphrase (prompt) / --new-passphrase-file."})
        static final class Change extends Base {
            @Option(names = "--new-key-file", paramLabel = "PATH")
            @Nullable Path newKeyFile;
            @Option(names = "--new-passphrase", description = "Prompt (no echo) for the new passphrase")
            boolean newPassphrase;
            @Option(names = "--new-passphrase-file", paramLabel = "PATH")
            @Nullable Path newPassphraseFile;

            @Override
            int run(Vault v) {
                KeyWrapper next;
                if (newKeyFile != null) {
                    if (!java.nio.file.Files.exists(newKeyFile)) {
                        InitCommand.writeKeyFile(newKeyFile);
                    }
                    next = MasterKey.fromFile(newKeyFile);
                } else if (newPassphraseFile != null || newPassphrase) {
                    char[] pass;
                    try {
                        pass = newPassphraseFile != null
                                ? java.nio.file.Files.readAllLines(newPassphraseFile).stream().findFirst().orElse("").toCharArray()
                                : terminal().readSecret("New master passphrase: ");
                    } catch (java.io.IOException e) {
                        throw new CliException(1, "cannot read " + newPassphraseFile + ": " + e.getMessage());
                    }
                    if (pass.length == 0) {
                        throw new CliException(5, "the new passphrase is empty");
                    }
                    next = MasterKey.newPassphrase(pass);
                    java.util.Arrays.fill(pass, '\0');
                } else {
                    throw new CliException(5, "give the new master key: --new-key-file, --new-passphrase or --new-passphrase-file");
                }
                v.keys().changeMasterKey(next);
                out().println("master key changed; open the vault with the new key from now on"
                        + (newKeyFile != null ? " (" + newKeyFile.toAbsolutePath() + ")" : ""));
                return 0;
            }
        }
    }

    /** {@code credvault journal verify}. */
    @Command(name = "journal", mixinStandardHelpOptions = true, description = "Journal operations.",
            subcommands = {JournalGroup.Verify.class, JournalGroup.Purge.class})
    static final class JournalGroup {
        @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the journal's HMAC chain; exit 6 at the first broken link.")
        static final class Verify extends Base {
            @Override
            int run(Vault v) {
                JournalVerification r = v.journal().verify();
                if (!r.intact()) {
                    throw new CliException(6, "journal chain broken at entry " + r.firstBrokenSeq() + ": " + r.reason()
                            + " (" + r.checked() + " entries verified before it)");
                }
                out().println("journal intact: " + r.checked() + " entries verified");
                return 0;
            }
        }

        @Command(name = "purge", mixinStandardHelpOptions = true, description = "Delete entries and provider calls older than the retention (30 days).")
        static final class Purge extends Base {
            @Override
            int run(Vault v) {
                out().println("purged " + v.journal().purgeExpired() + " journal entries");
                return 0;
            }
        }
    }

    private KeyCommands() {
    }
}
