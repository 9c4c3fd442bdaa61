package io.credvault.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.credvault.CredentialId;
import io.credvault.ExportOptions;
import io.credvault.ExportReport;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.SecretFields;
import io.credvault.StorageException;
import io.credvault.TransferKey;
import io.credvault.TransferProgress;
import io.credvault.crypto.internal.SealedStream;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.ProviderCallStore;
import io.credvault.spi.StoredCredential;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Export: credentials with their secrets, and optionally the journal and provider calls, as JSON (Jackson's streaming
 * API, one record at a time) inside a {@link SealedStream}. The format is documented in the README; {@link Importer}
 * reads it back.
 */
final class Exporter {
    static final JsonFactory JSON = JsonFactory.builder().build();
    static final String FORMAT = "credvault-export";
    private static final int PAGE = 500;

    private final Kernel kernel;
    private final long started = System.nanoTime();

    Exporter(Kernel kernel) {
        this.kernel = kernel;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }


    ExportReport exportTo(OutputStream out, ExportOptions o) {
        long[] n = new long[3]; // credentials, journal entries, provider calls
        List<@Nullable OwnerId> scopes = o.owners().isEmpty() ? Collections.singletonList(null)
                : o.owners().stream().sorted((a, b) -> a.value().compareTo(b.value())).map(x -> (@Nullable OwnerId) x).toList();
        try (OutputStream sealed = sealedWriter(out, o.key()); JsonGenerator g = JSON.createGenerator(sealed)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", 1);
            g.writeStringField("exportedAt", kernel.now().toString());
            g.writeArrayFieldStart("credentials");
            for (OwnerId owner : scopes) {
                CredentialId after = null;
                for (List<StoredCredential> page; !(page = kernel.backend.list(owner, ListFilter.all(), after, PAGE)).isEmpty(); ) {
                    for (StoredCredential c : page) {
                        n[2] += writeCredential(g, c, o.providerCalls());
                    }
                    n[0] += page.size();
                    after = page.get(page.size() - 1).id();
                    o.progress().accept(new TransferProgress("credentials", n[0] + n[2], elapsed()));
                }
            }
            g.writeEndArray();
            if (o.journal()) {
                g.writeArrayFieldStart("journal");
                for (OwnerId owner : scopes) {
                    long cursor = 0;
                    for (List<JournalEvent> page; !(page = kernel.backend.events(new EventQuery(owner, null, Set.of(), null, null,
                            cursor, false, 1000))).isEmpty(); ) {
                        for (JournalEvent e : page) {
                            writeEntry(g, e);
                        }
                        n[1] += page.size();
                        cursor = page.get(page.size() - 1).seq();
                        o.progress().accept(new TransferProgress("journal", n[0] + n[1] + n[2], elapsed()));
                    }
                }
                g.writeEndArray();
            }
            g.writeObjectFieldStart("counts");
            g.writeNumberField("credentials", n[0]);
            g.writeNumberField("journal", n[1]);
            g.writeNumberField("providerCalls", n[2]);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new StorageException("writing the export failed: " + e.getMessage(), e);
        }
        Map<String, String> details = new TreeMap<>();
        details.put("credentials", String.valueOf(n[0]));
        details.put("journal", String.valueOf(n[1]));
        details.put("providerCalls", String.valueOf(n[2]));
        details.put("owners", o.owners().isEmpty() ? "all" : String.valueOf(o.owners().size()));
        kernel.backend.useTransaction(tx -> tx.journal().append(kernel.event(kernel.now(), null, null, "vault.exported", details)));
        return new ExportReport(n[0], n[1], n[2], elapsed());
    }

    private static OutputStream sealedWriter(OutputStream out, TransferKey key) throws IOException {
        char[] pass = key.passphrase();
        byte[] raw = key.key();
        try {
            return pass != null ? SealedStream.writer(out, pass) : SealedStream.writer(out, java.util.Objects.requireNonNull(raw));
        } finally {
            wipe(pass, raw);
        }
    }

    static void wipe(char @Nullable [] pass, byte @Nullable [] raw) {
        if (pass != null) {
            Arrays.fill(pass, '\0');
        }
        if (raw != null) {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Writes one credential; returns the provider calls written with it. */
    private int writeCredential(JsonGenerator g, StoredCredential c, boolean calls) throws IOException {
        var m = c.metadata();
        g.writeStartObject();
        g.writeStringField("id", m.id().value());
        g.writeStringField("owner", m.owner().value());
        g.writeStringField("provider", m.provider());
        g.writeStringField("name", m.name());
        g.writeStringField("description", m.description());
        g.writeStringField("category", m.category());
        g.writeStringField("status", m.status().name());
        g.writeNumberField("version", m.version());
        g.writeStringField("createdAt", m.dateCreated().toString());
        g.writeStringField("updatedAt", m.lastUpdated().toString());
        g.writeStringField("lastUsedAt", iso(m.lastUsed()));
        g.writeStringField("expiresAt", iso(m.expiresAt()));
        g.writeStringField("deletedAt", iso(m.deletedAt()));
        g.writeStringField("lastCheckedAt", iso(m.lastCheckedAt()));
        g.writeNumberField("consecutiveFailures", m.consecutiveFailures());
        g.writeObjectFieldStart("secretExpiries");
        for (Map.Entry<String, Instant> e : new TreeMap<>(m.secretExpiries()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue().toString());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("secrets");
        SecretFields secrets = kernel.open(c);
        for (String field : new TreeSet<>(secrets.names())) {
            g.writeStringField(field, secrets.require(field).reveal());
        }
        g.writeEndObject();
        int written = 0;
        Optional<ProviderCallStore> store = kernel.backend.providerCalls();
        if (calls && store.isPresent()) {
            List<ProviderCallRow> all = new ArrayList<>();
            long before = 0;
            for (List<ProviderCallRow> page; !(page = store.get().calls(c.id(), before, PAGE)).isEmpty(); ) {
                all.addAll(page);
                before = page.get(page.size() - 1).id();
            }
            Collections.reverse(all); // oldest first, so that an import numbers them in time order
            g.writeArrayFieldStart("providerCalls");
            for (ProviderCallRow r : all) {
                g.writeStartObject();
                g.writeStringField("at", r.at().toString());
                if (r.statusCode() == null) {
                    g.writeNullField("statusCode");
                } else {
                    g.writeNumberField("statusCode", r.statusCode());
                }
                g.writeStringField("headers", r.headers());
                g.writeStringField("body", r.body());
                g.writeStringField("status", r.status() == null ? null : r.status().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            written = all.size();
        }
        g.writeEndObject();
        return written;
    }

    private static void writeEntry(JsonGenerator g, JournalEvent e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("seq", e.seq());
        g.writeStringField("at", e.at().toString());
        g.writeStringField("owner", e.owner() == null ? null : e.owner().value());
        g.writeStringField("credentialId", e.credentialId() == null ? null : e.credentialId().value());
        g.writeStringField("type", e.type());
        g.writeStringField("actor", e.actor());
        g.writeObjectFieldStart("details");
        for (Map.Entry<String, String> d : new TreeMap<>(e.details()).entrySet()) {
            g.writeStringField(d.getKey(), d.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static @Nullable String iso(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }
}
