package io.credvault.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.credvault.CredentialId;
import io.credvault.CredentialStatus;
import io.credvault.IntegrityException;
import io.credvault.OwnerId;
import io.credvault.ProviderRegistry;
import io.credvault.SecretFields;
import io.credvault.ValidationException;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.StoredCredential;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Reads the records of an export (see {@link Exporter}): credentials checked against their schema, journal entries. */
final class ExportRecords {
    private final Kernel kernel;
    private final ProviderRegistry providers;

    ExportRecords(Kernel kernel, ProviderRegistry providers) {
        this.kernel = kernel;
        this.providers = providers;
    }

    /** One credential read from an export. */
    record Imported(StoredCredential stored, SecretFields secrets, List<ProviderCallRow> calls) {
    }

    static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.nextToken() != token) {
            throw new IntegrityException("the export is not well formed: expected " + token + " at " + p.currentLocation());
        }
    }

    /** Reads and validates one credential; seals it for this vault only if {@code seal}. */
    Imported readCredential(JsonParser p, int index, boolean seal) throws IOException {
        Map<String, @Nullable String> f = new LinkedHashMap<>();
        Map<String, Instant> expiries = new TreeMap<>();
        SecretFields.Builder secrets = SecretFields.builder();
        List<Map<String, @Nullable String>> calls = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "secretExpiries" -> {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        expiries.put(k, instant(p.getText(), index, "secretExpiries." + k));
                    }
                }
                case "secrets" -> {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        secrets.put(k, p.getText());
                    }
                }
                case "providerCalls" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, @Nullable String> call = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            call.put(k, p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText());
                        }
                        calls.add(call);
                    }
                }
                default -> f.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
            }
        }
        String at = "credentials[" + index + "].";
        OwnerId owner;
        CredentialId id;
        try {
            owner = OwnerId.of(required(f, "owner", index));
            id = CredentialId.of(required(f, "id", index));
        } catch (ValidationException e) {
            throw new ValidationException(at + e.field(), e.problem());
        }
        SecretFields s = secrets.build();
        try {
            providers.require(required(f, "provider", index)).validate(s);
        } catch (ValidationException e) {
            throw new ValidationException(at + e.field(), e.problem());
        }
        Kernel.Sealed sealed = seal ? kernel.seal(owner, id, s) : new Kernel.Sealed(new byte[1], "", 1, s.names());
        var m = io.credvault.CredentialMetadata.builder(owner, id).name(required(f, "name", index)).description(f.get("description"))
                .provider(required(f, "provider", index)).category(f.get("category"))
                .status(CredentialStatus.valueOf(required(f, "status", index))).version(Long.parseLong(required(f, "version", index)))
                .dateCreated(instant(required(f, "createdAt", index), index, "createdAt"))
                .lastUpdated(instant(required(f, "updatedAt", index), index, "updatedAt"))
                .lastUsed(optionalInstant(f.get("lastUsedAt"), index, "lastUsedAt"))
                .expiresAt(optionalInstant(f.get("expiresAt"), index, "expiresAt"))
                .deletedAt(optionalInstant(f.get("deletedAt"), index, "deletedAt"))
                .checked(optionalInstant(f.get("lastCheckedAt"), index, "lastCheckedAt"),
                        Integer.parseInt(f.getOrDefault("consecutiveFailures", "0") == null ? "0" : f.get("consecutiveFailures")))
                .secretExpiries(expiries).secret(sealed.fingerprint(), sealed.fieldNames(), sealed.keyVersion()).build();
        List<ProviderCallRow> rows = new ArrayList<>();
        for (Map<String, @Nullable String> c : calls) {
            String code = c.get("statusCode");
            String status = c.get("status");
            rows.add(new ProviderCallRow(0, owner, id, instant(required(c, "at", index), index, "providerCalls.at"),
                    code == null ? null : Integer.valueOf(code), String.valueOf(c.getOrDefault("headers", "")),
                    String.valueOf(c.getOrDefault("body", "")), status == null ? null : CredentialStatus.valueOf(status)));
        }
        return new Imported(new StoredCredential(m, sealed.sealed()), s, rows);
    }

    private static String required(Map<String, @Nullable String> f, String name, int index) {
        String v = f.get(name);
        if (v == null) {
            throw new ValidationException("credentials[" + index + "]." + name, "is required in an export");
        }
        return v;
    }

    private static Instant instant(String text, int index, String field) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException("credentials[" + index + "]." + field, "is not an ISO-8601 instant: '" + text + "'");
        }
    }

    private static @Nullable Instant optionalInstant(@Nullable String text, int index, String field) {
        return text == null ? null : instant(text, index, field);
    }

    JournalEvent readEntry(JsonParser p, Instant now) throws IOException {
        Map<String, @Nullable String> f = new LinkedHashMap<>();
        Map<String, String> details = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("details")) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    details.put(k, p.getText());
                }
            } else {
                f.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
            }
        }
        details.put("originalAt", String.valueOf(f.get("at")));
        details.put("originalSeq", String.valueOf(f.get("seq")));
        String owner = f.get("owner");
        String credential = f.get("credentialId");
        return JournalEvent.of(now, owner == null ? null : OwnerId.of(owner), credential == null ? null : CredentialId.of(credential),
                "imported." + f.get("type"), f.get("actor"), details);
    }
}
