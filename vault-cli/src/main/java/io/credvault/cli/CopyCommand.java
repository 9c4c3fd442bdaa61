package io.credvault.cli;

import io.credvault.Vault;
import io.credvault.core.VaultCopy;
import io.credvault.jdbc.JdbcBackend;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.VaultBackend;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "copy", mixinStandardHelpOptions = true, description = {
        "Copy this vault as stored into an empty database: keyring, credentials, journal, API keys, provider calls.",
        "Nothing is decrypted or re-encrypted; the same master key opens the copy. The source may stay in use: changes",
        "made meanwhile are caught up from the journal. Then the copy is verified: rows per table, the target's journal",
        "chain, and --verify-sample credentials revealed in both and compared. Progress goes to standard error."})
final class CopyCommand extends Base {
    @Option(names = "--to", required = true, paramLabel = "JDBC_URL",
            description = "The target: an empty database, jdbc:postgresql:, jdbc:mariadb: or jdbc:h2: (credentials in the URL)")
    String to;

    @Option(names = "--verify-sample", paramLabel = "N", defaultValue = "100",
            description = "Credentials revealed in both vaults and compared at the end, 0..1000 (default ${DEFAULT-VALUE})")
    int sample;

    @Override
    public Integer call() {
        if (root().hosted != null) {
            throw new CliException(2, "copy reads the vault's database directly; run it from the executable");
        }
        if (sample < 0 || sample > 1000) {
            throw new CliException(5, "--verify-sample: must be 0..1000, got " + sample);
        }
        VaultOptions options = vault();
        if (!options.exists()) {
            throw options.noVault();
        }
        String target = to.replaceAll("(?i)password=[^&;]*", "password=***");
        try (JdbcBackend sourceBackend = options.backend(); JdbcBackend targetBackend = JdbcBackend.url(to);
             Vault source = options.open(terminal(), false, unclosed(sourceBackend))) { // proves the master key first
            VaultCopy.Report report = VaultCopy.copy(unclosed(sourceBackend), unclosed(targetBackend), this::progress);
            err().println();
            VaultCopy.Verification verification;
            try (Vault copy = options.open(terminal(), false, unclosed(targetBackend))) {
                verification = VaultCopy.verify(source, copy, sample);
            }
            boolean ok = report.countsMatch() && verification.ok();
            print(Output.object("source", options.location(), "target", target, "copied", report.copied(),
                    "catchUpPasses", report.catchUpPasses(), "sourceCounts", report.sourceCounts(), "targetCounts", report.targetCounts(),
                    "journalIntact", verification.targetJournal().intact(), "journalEntriesVerified", verification.targetJournal().checked(),
                    "revealsCompared", verification.revealsCompared(), "mismatches", verification.mismatches(),
                    "elapsedMillis", report.elapsed().toMillis(), "verified", ok), out -> text(out, options.location(), target, report, verification));
            if (!ok) {
                throw new CliException(6, "the copy did not verify: " + (report.countsMatch() ? "" : "row counts differ ("
                        + report.sourceCounts() + " in the source, " + report.targetCounts() + " in the target; was the source "
                        + "written after the last pass?) ") + String.join("; ", verification.mismatches())
                        + (verification.targetJournal().intact() ? "" : " journal: " + verification.targetJournal().reason()));
            }
            return 0;
        } finally {
            options.forgetPassphrase();
        }
    }

    @Override
    int run(Vault v) {
        throw new UnsupportedOperationException("copy opens both vaults itself");
    }

    private void text(PrintWriter out, String source, String target, VaultCopy.Report r, VaultCopy.Verification v) {
        out.println("copied " + source + " to " + target + " in " + Durations.format(r.elapsed()) + " ("
                + r.catchUpPasses() + " catch-up pass(es) over changes made meanwhile)");
        Output.Table t = new Output.Table("TABLE", "SOURCE", "TARGET");
        r.sourceCounts().keySet().stream().sorted().forEach(k -> t.row(k, r.sourceCounts().get(k), r.targetCounts().get(k)));
        t.print(out);
        out.println("journal chain of the target: " + (v.targetJournal().intact() ? "intact, " + v.targetJournal().checked()
                + " entries verified" : "BROKEN: " + v.targetJournal().reason()));
        out.println(v.revealsCompared() + " credential(s) revealed in both and compared: "
                + (v.mismatches().isEmpty() ? "identical" : v.mismatches().size() + " mismatch(es)"));
    }

    private void progress(VaultCopy.Progress p) {
        Output.progress(err(), p.done(), p.total(), p.ratePerSecond(), "rows", p.phase());
    }

    private static VaultBackend unclosed(VaultBackend b) {
        return new ForwardingBackend(b) {
            @Override
            public void close() {
                // closed by this command, after both vaults
            }
        };
    }
}
