package io.credvault.core.internal;

import io.credvault.ConflictException;
import io.credvault.CredentialHealth;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ProviderCall;
import io.credvault.ProviderCallRecord;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.StatusMapping;
import io.credvault.ValidationException;
import io.credvault.internal.Text;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.StoredCredential;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** {@link CredentialHealth}: records redacted provider calls and moves the status. */
final class HealthService implements CredentialHealth {
    /** Headers whose values are credentials in themselves: stored as {@value #REDACTED}. */
    static final Set<String> SENSITIVE_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key", "api-key", "x-auth-token", "x-amz-security-token");
    static final String REDACTED = "[REDACTED]";
    private static final int MAX_HEADERS = 8000;

    private final Kernel core;
    private final Map<String, StatusMapping> mappings;

    HealthService(Kernel core, Map<String, StatusMapping> mappings) {
        this.core = core;
        this.mappings = Map.copyOf(mappings);
    }

    @Override
    public CredentialMetadata record(OwnerId owner, CredentialId id, ProviderCall call) {
        if (call == null) {
            throw new ValidationException("call", "is required");
        }
        checkHeaderNames(call.headers());
        Text.instant("call.at", call.at());
        Text.requireNoNul("body", call.body());
        StoredCredential c = core.load(owner, id);
        if (c.deleted()) {
            throw new ConflictException("credential " + id + " is deleted; restore it before recording calls with it");
        }
        SecretFields secrets = core.openLoaded(c).fields();
        String headers = renderHeaders(call.headers(), secrets);
        if (headers.length() > MAX_HEADERS) {
            headers = headers.substring(0, MAX_HEADERS);
        }
        String body = redact(call.body(), secrets);
        if (body.length() > ProviderCall.MAX_BODY) {
            body = body.substring(0, ProviderCall.MAX_BODY);
        }
        Optional<CredentialStatus> status = mappings.getOrDefault(c.metadata().provider(), StatusMapping.DEFAULT).map(call);
        Instant now = core.now();
        Instant at = call.at() == null ? now : call.at();
        ProviderCallRow row = new ProviderCallRow(0, owner, id, at, call.statusCode(), headers, body, status.orElse(null));
        return core.backend.inTransaction(tx -> {
            StoredCredential cur = core.load(tx, owner, id);
            Kernel.providerCalls(tx).add(row);
            CredentialMetadata m = cur.metadata();
            Instant checked = m.lastCheckedAt() == null || at.isAfter(m.lastCheckedAt()) ? at : m.lastCheckedAt();
            int failures = status.map(s -> s.isFailure() ? m.consecutiveFailures() + 1 : 0).orElse(m.consecutiveFailures());
            StoredCredential next = cur.with(b -> b.status(status.orElse(m.status())).checked(checked, failures));
            return core.changeHealth(tx, cur, next, now,
                    Map.of("cause", call.statusCode() == null ? "timeout" : "http " + call.statusCode()));
        });
    }

    @Override
    public Page<ProviderCallRecord> calls(OwnerId owner, CredentialId id, PageRequest page) {
        core.load(owner, id);
        long before = 0;
        if (page.cursor() != null) {
            try {
                before = Long.parseLong(page.cursor());
            } catch (NumberFormatException e) {
                throw new ValidationException("cursor", "is not a provider-call cursor");
            }
        }
        List<ProviderCallRow> rows = core.providerCalls().calls(id, before, page.limit() + 1);
        return Pages.of(rows, page.limit(),
                r -> new ProviderCallRecord(r.id(), r.credentialId(), r.at(), r.statusCode(), r.headers(), r.body(), r.status()),
                r -> String.valueOf(r.id()));
    }

    /** Header names are tokens: printable ASCII without separators; a CR, LF or other control character is refused. */
    static void checkHeaderNames(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            if (name == null || name.isEmpty() || name.length() > 256 || !name.chars().allMatch(ch -> ch > 32 && ch < 127 && ch != ':')) {
                throw new ValidationException("headers", "a header name must be 1-256 printable ASCII characters without "
                        + "spaces, colons or control characters");
            }
            Text.requireNoNul("headers." + name, h.getValue());
        }
    }

    /**
     * One {@code name: value} line per header, sorted. Each raw value is redacted first (a sensitive header
     * entirely, then every secret value it contains, multi-line ones included), and only then are its line breaks
     * folded to spaces.
     */
    static String renderHeaders(Map<String, String> headers, SecretFields secrets) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(headers).forEach((name, value) -> {
            String v = SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? REDACTED : redact(String.valueOf(value), secrets);
            out.append(name).append(": ").append(v.replace('\n', ' ').replace('\r', ' ')).append('\n');
        });
        return out.toString();
    }

    /** Replaces every occurrence of a secret field's value (longest first) with {@code [REDACTED:field]}. */
    static String redact(String text, SecretFields secrets) {
        List<Map.Entry<String, SecretValue>> fields = new ArrayList<>(secrets.asMap().entrySet());
        fields.sort(Comparator.comparingInt((Map.Entry<String, SecretValue> e) -> e.getValue().utf8Length()).reversed());
        String out = text;
        for (Map.Entry<String, SecretValue> f : fields) {
            String value = f.getValue().reveal();
            if (value.length() >= 4) {
                out = out.replace(value, "[REDACTED:" + f.getKey() + "]");
            }
        }
        return out;
    }
}
