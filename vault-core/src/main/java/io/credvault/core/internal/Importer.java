package io.credvault.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.credvault.ConflictException;
import io.credvault.ImportOptions;
import io.credvault.ImportReport;
import io.credvault.IntegrityException;
import io.credvault.ProviderRegistry;
import io.credvault.StorageException;
import io.credvault.TransferProgress;
import io.credvault.crypto.internal.SealedStream;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.ProviderCallStore;
import io.credvault.spi.StoredCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Import of an export written by {@link Exporter}: checked whole first, then written in batches under a conflict
 * policy, its journal kept as history.
 */
final class Importer {
    private final Kernel kernel;
    private final long started = System.nanoTime();
    private final ExportRecords records;

    Importer(Kernel kernel, ProviderRegistry providers) {
        this.kernel = kernel;
        this.records = new ExportRecords(kernel, providers);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }


    /**
     * Imports in two passes over the sealed file, spooled (still sealed) to a temporary file readable by this user
     * only: the first checks every chunk, the counts and every credential against its schema, writing nothing; the
     * second writes. So a file altered or cut short anywhere, or one bad record, leaves the vault untouched.
     */
    ImportReport importFrom(InputStream in, ImportOptions o) {
        java.nio.file.Path spool = null;
        try {
            spool = java.nio.file.Files.createTempFile("credvault-import", ".sealed",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (InputStream source = in; OutputStream copy = java.nio.file.Files.newOutputStream(spool)) {
                source.transferTo(copy);
            }
            long[] n = new long[6]; // created, replaced, skipped, journal, calls, batches
            String exportedAt = scan(spool, o, null);
            scan(spool, o, n);
            Map<String, String> details = new TreeMap<>();
            details.put("created", String.valueOf(n[0]));
            details.put("replaced", String.valueOf(n[1]));
            details.put("skipped", String.valueOf(n[2]));
            details.put("journal", String.valueOf(n[3]));
            details.put("providerCalls", String.valueOf(n[4]));
            details.put("exportedAt", exportedAt);
            details.put("onConflict", o.onConflict().name());
            kernel.backend.useTransaction(tx -> tx.journal().append(kernel.event(kernel.now(), null, null, "vault.imported", details)));
            return new ImportReport(n[0], n[1], n[2], n[3], n[4], (int) n[5], elapsed());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // authenticated yet not well formed: written by something else. The parser's message quotes the text it
            // read, which may be a secret: only where, and no cause that would carry it into a log
            var at = e.getLocation();
            throw new IntegrityException("the export is not well formed JSON" + (at == null ? "" : " (line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new StorageException("reading the export failed: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    java.nio.file.Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a sealed temporary file: nothing readable is left behind
                }
            }
        }
    }

    /** One pass over the spooled export: checks only (n == null), or writes and counts into {@code n}. */
    private String scan(java.nio.file.Path spool, ImportOptions o, long @Nullable [] n) throws IOException {
        String exportedAt = "";
        char[] pass = o.key().passphrase();
        byte[] raw = o.key().key();
        try (InputStream plain = SealedStream.reader(java.nio.file.Files.newInputStream(spool), pass, raw);
             JsonParser p = Exporter.JSON.createParser(plain)) {
            Exporter.wipe(pass, raw);
            ExportRecords.expect(p, JsonToken.START_OBJECT);
            long[] counted = {-1, -1, -1};
            long[] seen = new long[3];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "format" -> {
                        if (!Exporter.FORMAT.equals(p.getText())) {
                            throw new IntegrityException("not a credvault export (format '" + p.getText() + "')");
                        }
                    }
                    case "version" -> {
                        if (p.getIntValue() != 1) {
                            throw new IntegrityException("credvault export version " + p.getIntValue() + " is not supported (this version reads 1)");
                        }
                    }
                    case "exportedAt" -> exportedAt = p.getText();
                    case "credentials" -> {
                        List<ExportRecords.Imported> batch = new ArrayList<>();
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            ExportRecords.Imported i = records.readCredential(p, (int) seen[0], n != null);
                            seen[0]++;
                            seen[2] += i.calls().size();
                            if (n != null) {
                                batch.add(i);
                                if (batch.size() == o.batchSize()) {
                                    writeBatch(batch, o.onConflict(), n);
                                    batch.clear();
                                    o.progress().accept(new TransferProgress("credentials", seen[0] + seen[2], elapsed()));
                                }
                            }
                        }
                        if (n != null && !batch.isEmpty()) {
                            writeBatch(batch, o.onConflict(), n);
                            o.progress().accept(new TransferProgress("credentials", seen[0] + seen[2], elapsed()));
                        }
                    }
                    case "journal" -> {
                        List<JournalEvent> batch = new ArrayList<>();
                        Instant now = kernel.now();
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            batch.add(records.readEntry(p, now));
                            seen[1]++;
                            if (batch.size() == 1000) {
                                appendHistory(batch, n);
                                o.progress().accept(new TransferProgress("journal", seen[0] + seen[1] + seen[2], elapsed()));
                            }
                        }
                        appendHistory(batch, n);
                    }
                    case "counts" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            int i = k.equals("credentials") ? 0 : k.equals("journal") ? 1 : k.equals("providerCalls") ? 2 : -1;
                            if (i >= 0) {
                                counted[i] = p.getLongValue();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (counted[0] != seen[0] || counted[1] != seen[1] || counted[2] != seen[2]) {
                throw new IntegrityException("the export's counts do not match what it holds (" + Arrays.toString(counted)
                        + " stated, " + Arrays.toString(seen) + " read)");
            }
        } finally {
            Exporter.wipe(pass, raw);
        }
        return exportedAt;
    }

    private void writeBatch(List<ExportRecords.Imported> batch, ImportOptions.OnConflict policy, long[] n) {
        long[] d = kernel.backend.inTransaction(tx -> {
            long[] c = new long[5];
            Instant now = kernel.now();
            for (ExportRecords.Imported i : batch) {
                StoredCredential s = i.stored();
                Optional<StoredCredential> existing = tx.credentials().find(s.id());
                if (existing.isPresent()) {
                    StoredCredential e = existing.get();
                    boolean newer = e.owner().equals(s.owner()) && (s.version() > e.version()
                            || (s.version() == e.version() && s.metadata().lastUpdated().isAfter(e.metadata().lastUpdated())));
                    if (policy == ImportOptions.OnConflict.FAIL) {
                        throw new ConflictException("credential " + s.id() + " exists in this vault (import stopped: "
                                + n[0] + " created in earlier batches; import again with on-conflict SKIP or REPLACE_IF_NEWER to go on)");
                    }
                    // the name the replaced credential holds is its own; another active credential's is a clash
                    boolean sameName = !e.deleted() && e.metadata().name().equals(s.metadata().name());
                    if (policy == ImportOptions.OnConflict.SKIP || !newer || (!sameName && nameTakenByOther(tx, s))) {
                        c[2]++;
                        continue;
                    }
                    tx.credentials().delete(e.id());
                    write(tx, i, now, "credential.imported", true);
                    c[1]++;
                } else if (nameTakenByOther(tx, s)) {
                    if (policy == ImportOptions.OnConflict.FAIL) {
                        throw new ConflictException("credentials: owner " + s.owner() + " has another active credential named '"
                                + s.metadata().name() + "' (import stopped before credential " + s.id() + ")");
                    }
                    c[2]++;
                    continue;
                } else {
                    write(tx, i, now, "credential.imported", false);
                    c[0]++;
                }
                c[4] += i.calls().size();
            }
            return c;
        });
        for (int k = 0; k < 3; k++) {
            n[k] += d[k];
        }
        n[4] += d[4];
        n[5]++;
    }

    private static boolean nameTakenByOther(BackendTransaction tx, StoredCredential s) {
        return !s.deleted() && tx.credentials().activeNameExists(s.owner(), s.metadata().name());
    }

    private void write(BackendTransaction tx, ExportRecords.Imported i, Instant now, String type, boolean replaced) {
        tx.credentials().insert(i.stored());
        if (!i.calls().isEmpty()) {
            ProviderCallStore.Table calls = tx.providerCalls().orElseThrow(() -> new IllegalStateException(
                    "this vault's backend keeps no provider calls; export without them"));
            i.calls().forEach(calls::add);
        }
        Map<String, String> details = new TreeMap<>();
        details.put("provider", i.stored().metadata().provider());
        details.put("replaced", String.valueOf(replaced));
        tx.journal().append(kernel.event(now, i.stored(), type, details));
    }

    private void appendHistory(List<JournalEvent> batch, long @Nullable [] n) {
        if (batch.isEmpty() || n == null) {
            batch.clear();
            return;
        }
        List<JournalEvent> copy = List.copyOf(batch);
        kernel.backend.useTransaction(tx -> tx.journal().appendAll(copy));
        n[3] += copy.size();
        batch.clear();
    }
}
