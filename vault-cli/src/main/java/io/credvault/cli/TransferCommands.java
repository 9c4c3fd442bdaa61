package io.credvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credvault.ExportOptions;
import io.credvault.ExportReport;
import io.credvault.ImportOptions;
import io.credvault.ImportReport;
import io.credvault.NewCredential;
import io.credvault.OwnedCredential;
import io.credvault.OwnerId;
import io.credvault.SecretFields;
import io.credvault.TransferKey;
import io.credvault.TransferProgress;
import io.credvault.ValidationException;
import io.credvault.Vault;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export} and {@code import}: sealed export files, and plaintext JSON-lines records in bulk. */
final class TransferCommands {
    private TransferCommands() {
    }

    /** The export key: a prompted passphrase, a passphrase file, or a 32-byte key file. */
    static final class ExportKey {
        @Option(names = "--export-passphrase", description = "Prompt (no echo) for the export passphrase (at least 12 characters)")
        boolean prompt;
        @Option(names = "--export-passphrase-file", paramLabel = "PATH", description = "Read the export passphrase from the first line of a file")
        @Nullable Path passphraseFile;
        @Option(names = "--export-key-file", paramLabel = "PATH", description = "A 32-byte export key: the raw bytes or their Base64")
        @Nullable Path keyFile;

        TransferKey read(Terminal terminal, boolean twice) {
            if (keyFile != null) {
                try {
                    byte[] raw = Files.readAllBytes(keyFile);
                    byte[] key = raw.length == 32 ? raw : Base64.getDecoder().decode(new String(raw, StandardCharsets.US_ASCII).strip());
                    TransferKey k = TransferKey.of(key);
                    Arrays.fill(raw, (byte) 0);
                    Arrays.fill(key, (byte) 0);
                    return k;
                } catch (IOException | IllegalArgumentException e) {
                    throw new CliException(5, "--export-key-file: " + keyFile + " does not hold a 32-byte key (raw or Base64)");
                }
            }
            char[] pass = passphraseFile != null ? VaultOptions.readPassphraseFile(passphraseFile)
                    : twice ? terminal.readNewSecret("Export passphrase") : terminal.readSecret("Export passphrase: ");
            try {
                return TransferKey.passphrase(pass);
            } finally {
                Arrays.fill(pass, '\0');
            }
        }
    }

    static void progress(java.io.PrintWriter err, TransferProgress p, long total) {
        Output.progress(err, p.done(), total, p.ratePerSecond(), "records", p.phase());
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = {
            "Write credentials with their secrets to a sealed file (AES-256-GCM, authenticated in chunks) under an export key.",
            "The file is created readable by its owner only and never overwritten. Progress goes to standard error."})
    static final class Export extends Base {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The export file to create")
        Path out;
        @Option(names = "--owner", paramLabel = "OWNER", description = "Export only this owner's credentials; repeatable (default: every owner)")
        List<String> owners = new ArrayList<>();
        @Option(names = "--journal", description = "Include the journal (imported, it is kept as history)")
        boolean journal;
        @Option(names = "--provider-calls", description = "Include each credential's recorded provider calls")
        boolean providerCalls;
        @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nExport key (one of):%n", order = 50)
        ExportKey key = new ExportKey();

        @Override
        int run(Vault v) {
            TransferKey k = key.read(terminal(), true);
            Set<OwnerId> scope = new LinkedHashSet<>();
            owners.forEach(o -> scope.add(owner(o)));
            long total = scope.isEmpty() ? v.keys().usage().credentialsByVersion().values().stream().mapToLong(Long::longValue).sum() : 0;
            ExportReport r;
            try (OutputStream file = Files.newOutputStream(create(out), StandardOpenOption.WRITE)) {
                r = v.exportTo(file, ExportOptions.builder(k).owners(scope).journal(journal).providerCalls(providerCalls)
                        .progress(p -> progress(err(), p, total)).build());
            } catch (IOException e) {
                throw new CliException(1, "cannot write " + out + ": " + e.getMessage());
            } finally {
                k.destroy();
            }
            err().println();
            print(Output.object("file", out.toAbsolutePath().toString(), "credentials", r.credentials(), "journalEntries", r.journalEntries(),
                    "providerCalls", r.providerCalls(), "elapsedMillis", r.elapsed().toMillis()),
                    o -> o.println("exported " + r.credentials() + " credential(s)" + (journal ? ", " + r.journalEntries() + " journal entries" : "")
                            + (providerCalls ? ", " + r.providerCalls() + " provider call(s)" : "") + " to " + out.toAbsolutePath()
                            + " in " + Durations.format(r.elapsed())));
            return 0;
        }

        /** A new file, mode 600, never an existing one. */
        private static Path create(Path file) throws IOException {
            try {
                return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                throw new CliException(4, "export file " + file + " already exists; an export never overwrites a file");
            } catch (UnsupportedOperationException notPosix) {
                return Files.createFile(file);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Read credentials into this vault: a sealed export file, or plaintext records as JSON lines (told apart by content).",
            "An export is checked whole (every chunk, every record) before anything is written, then written in batches;",
            "an interrupted import keeps its batches and is completed by importing again with --on-conflict skip.",
            "JSON lines: one credential per line, {\"owner\", \"provider\", \"name\", \"secrets\": {...}} plus optional",
            "\"description\", \"category\", \"expiresAt\", \"secretExpiresAt\" and \"idempotencyKey\"; every line is",
            "validated before the first is written."})
    static final class Import extends Base {
        @Parameters(index = "0", paramLabel = "FILE", description = "The file to read, or - for standard input")
        String file;
        @Option(names = "--on-conflict", paramLabel = "POLICY", defaultValue = "fail",
                description = "An export's id the vault holds: fail, skip or replace-if-newer (default ${DEFAULT-VALUE})")
        String onConflict;
        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Records per transaction, 1..10000 (default ${DEFAULT-VALUE})")
        int batchSize;
        @Option(names = "--continue-on-error", description = "JSON lines: skip bad lines (reported with their number) instead of stopping")
        boolean continueOnError;
        @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nExport key, for a sealed export (one of):%n", order = 50)
        @Nullable ExportKey key;

        @Override
        int run(Vault v) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new CliException(5, "--batch-size: must be 1..10000, got " + batchSize);
            }
            try (InputStream in = new BufferedInputStream(file.equals("-") ? terminal().stdin() : Files.newInputStream(Path.of(file)))) {
                in.mark(8);
                byte[] magic = in.readNBytes(8);
                in.reset();
                if (new String(magic, StandardCharsets.US_ASCII).equals("CVSEALED")) {
                    return sealed(v, in);
                }
                if (key != null) {
                    throw new CliException(5, file + " is not a sealed export (it reads as JSON lines); drop the export key options");
                }
                return new Records(this, v).load(in);
            } catch (IOException e) {
                throw new CliException(1, "cannot read " + file + ": " + e.getMessage());
            }
        }

        private int sealed(Vault v, InputStream in) {
            if (key == null) {
                throw new CliException(5, file + " is a sealed export: give --export-passphrase, --export-passphrase-file or --export-key-file");
            }
            ImportOptions.OnConflict policy = switch (onConflict) {
                case "fail" -> ImportOptions.OnConflict.FAIL;
                case "skip" -> ImportOptions.OnConflict.SKIP;
                case "replace-if-newer" -> ImportOptions.OnConflict.REPLACE_IF_NEWER;
                default -> throw new CliException(2, "--on-conflict: '" + onConflict + "' is not fail, skip or replace-if-newer");
            };
            TransferKey k = key.read(terminal(), false);
            ImportReport r;
            try {
                r = v.importFrom(in, ImportOptions.builder(k).onConflict(policy).batchSize(batchSize)
                        .progress(p -> progress(err(), p, 0)).build());
            } finally {
                k.destroy();
            }
            err().println();
            print(Output.object("created", r.created(), "replaced", r.replaced(), "skipped", r.skipped(), "journalEntries", r.journalEntries(),
                    "providerCalls", r.providerCalls(), "batches", r.batches(), "elapsedMillis", r.elapsed().toMillis()),
                    o -> o.println("imported: " + r.created() + " created, " + r.replaced() + " replaced, " + r.skipped() + " skipped, "
                            + r.journalEntries() + " journal entries kept as history, " + r.providerCalls() + " provider call(s), in "
                            + r.batches() + " batch(es), " + Durations.format(r.elapsed())));
            return 0;
        }
    }

    /** Plaintext records, one JSON object per line: all validated first, then created in batches. */
    static final class Records {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Set<String> FIELDS = Set.of("owner", "provider", "name", "secrets", "description", "category", "expiresAt",
                "secretExpiresAt", "idempotencyKey");
        private final Import command;
        private final Vault vault;

        Records(Import command, Vault vault) {
            this.command = command;
            this.vault = vault;
        }

        /** A line that could not be loaded. */
        record Bad(long line, String field, String problem) {
        }

        int load(InputStream in) throws IOException {
            long started = System.nanoTime();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            }
            List<Bad> bad = new ArrayList<>();
            List<OwnedCredential> good = new ArrayList<>();
            List<Long> goodLines = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    OwnedCredential c = parse(line);
                    vault.validate(c.owner(), c.credential());
                    if (!names.add(c.owner().value() + "\n" + c.credential().name())) {
                        throw new ValidationException("name", "'" + c.credential().name() + "' is given twice for owner " + c.owner());
                    }
                    good.add(c);
                    goodLines.add(i + 1L);
                } catch (ValidationException e) {
                    bad.add(new Bad(i + 1L, e.field(), e.problem()));
                }
            }
            lines.clear();
            if (!bad.isEmpty() && !command.continueOnError) {
                Bad first = bad.get(0);
                throw new CliException(5, "line " + first.line() + ": " + first.field() + ": " + first.problem() + " (" + bad.size()
                        + " bad line(s) in all; nothing was written; --continue-on-error skips them)");
            }
            long created = 0;
            int batches = 0;
            for (int from = 0; from < good.size(); from += command.batchSize) {
                int to = Math.min(good.size(), from + command.batchSize);
                try {
                    created += vault.createAll(good.subList(from, to)).size();
                } catch (io.credvault.ConflictException e) {
                    if (!command.continueOnError) {
                        throw new CliException(4, "lines " + goodLines.get(from) + ".." + goodLines.get(to - 1) + ": " + e.getMessage()
                                + " (" + created + " created before them; records with an idempotencyKey can be loaded again safely)");
                    }
                    for (int i = from; i < to; i++) { // one by one, to report the line
                        try {
                            vault.create(good.get(i).owner(), good.get(i).credential());
                            created++;
                        } catch (io.credvault.ConflictException one) {
                            bad.add(new Bad(goodLines.get(i), "name", String.valueOf(one.getMessage())));
                        }
                    }
                }
                batches++;
                progress(command.err(), new TransferProgress("records", to, java.time.Duration.ofNanos(System.nanoTime() - started)), good.size());
            }
            command.err().println();
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            List<Map<String, @Nullable Object>> skipped = bad.stream().map(b -> Output.object("line", b.line(), "field", b.field(),
                    "problem", b.problem())).toList();
            long made = created;
            int done = batches;
            command.print(Output.object("created", made, "skippedLines", skipped, "batches", done, "elapsedMillis", elapsed), o -> {
                bad.forEach(b -> o.println("skipped line " + b.line() + ": " + b.field() + ": " + b.problem()));
                o.println("created " + made + " credential(s) in " + done + " batch(es), " + elapsed + " ms"
                        + (bad.isEmpty() ? "" : "; " + bad.size() + " line(s) skipped"));
            });
            return 0;
        }

        private static OwnedCredential parse(String line) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // the parser's own message quotes the text it read, which may be a secret: only where it failed
                throw new ValidationException("line", "is not valid JSON (column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
            }
            if (n == null || !n.isObject()) {
                throw new ValidationException("line", "is not a JSON object");
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw new ValidationException(f, "is not a record field; allowed: " + new java.util.TreeSet<>(FIELDS));
                }
            }
            OwnerId owner = OwnerId.of(required(n, "owner"));
            JsonNode secrets = n.get("secrets");
            if (secrets == null || !secrets.isObject() || secrets.isEmpty()) {
                throw new ValidationException("secrets", "is required: an object of field names to string values");
            }
            SecretFields.Builder s = SecretFields.builder();
            for (Iterator<Map.Entry<String, JsonNode>> it = secrets.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new ValidationException("secrets." + e.getKey(), "must be a string");
                }
                s.put(e.getKey(), e.getValue().asText());
            }
            NewCredential.Builder b = NewCredential.builder(required(n, "provider"), required(n, "name")).secrets(s.build())
                    .description(text(n, "description", false)).category(text(n, "category", false))
                    .expiresAt(instant(text(n, "expiresAt", false), "expiresAt")).idempotencyKey(text(n, "idempotencyKey", false));
            JsonNode expiries = n.get("secretExpiresAt");
            if (expiries != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = expiries.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Instant at = instant(e.getValue().asText(), "secretExpiresAt." + e.getKey());
                    if (at != null) {
                        b.secretExpiresAt(e.getKey(), at);
                    }
                }
            }
            return new OwnedCredential(owner, b.build());
        }

        private static String required(JsonNode n, String field) {
            String v = text(n, field, true);
            if (v == null) {
                throw new ValidationException(field, "is required");
            }
            return v;
        }

        private static @Nullable String text(JsonNode n, String field, boolean required) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    throw new ValidationException(field, "is required");
                }
                return null;
            }
            if (!v.isTextual()) {
                throw new ValidationException(field, "must be a string");
            }
            return v.asText();
        }

        private static @Nullable Instant instant(@Nullable String text, String field) {
            if (text == null) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ValidationException(field, "is not an ISO-8601 instant like 2027-01-31T00:00:00Z");
            }
        }
    }
}
