package io.credvault;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one call the host made to a provider with a credential: an HTTP status (or a timeout),
 * selected response headers and a body excerpt. Secrets in it are redacted before anything is stored.
 */
public final class ProviderCall {
    public static final int MAX_BODY = 2000;
    private final @Nullable Integer statusCode;
    private final Map<String, String> headers;
    private final String body;
    private final @Nullable Instant at;

    private ProviderCall(@Nullable Integer statusCode, Map<String, String> headers, String body, @Nullable Instant at) {
        this.statusCode = statusCode;
        this.headers = headers;
        this.body = body;
        this.at = at;
    }

    /** A response with HTTP status {@code statusCode} (100..599). */
    public static ProviderCall status(int statusCode) {
        if (statusCode < 100 || statusCode > 599) {
            throw new ValidationException("statusCode", "must be 100..599, got " + statusCode);
        }
        return new ProviderCall(statusCode, Map.of(), "", null);
    }

    /** No response: the call timed out or the connection failed. */
    public static ProviderCall timeout() {
        return new ProviderCall(null, Map.of(), "", null);
    }

    public ProviderCall withHeaders(Map<String, String> responseHeaders) {
        return new ProviderCall(statusCode, new TreeMap<>(responseHeaders), body, at);
    }

    public ProviderCall withBody(String responseBody) {
        return new ProviderCall(statusCode, headers, responseBody == null ? "" : responseBody, at);
    }

    /** When the call happened; default: when it is recorded. */
    public ProviderCall at(Instant time) {
        return new ProviderCall(statusCode, headers, body, time);
    }

    public @Nullable Integer statusCode() {
        return statusCode;
    }

    public boolean timedOut() {
        return statusCode == null;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    public @Nullable Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return "ProviderCall[" + (statusCode == null ? "timeout" : statusCode) + ", headers=" + headers.keySet() + "]";
    }
}
