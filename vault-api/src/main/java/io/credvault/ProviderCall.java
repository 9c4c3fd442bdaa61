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
    /** The longest response body stored, in characters; a longer one is cut. */
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

    /**
     * A response with HTTP status {@code statusCode} (100..599).
     *
     * @param statusCode the HTTP status the provider answered
     * @return the outcome
     */
    public static ProviderCall status(int statusCode) {
        if (statusCode < 100 || statusCode > 599) {
            throw new ValidationException("statusCode", "must be 100..599, got " + statusCode);
        }
        return new ProviderCall(statusCode, Map.of(), "", null);
    }

    /**
     * No response: the call timed out or the connection failed.
     *
     * @return the outcome of a call that got no answer in time
     */
    public static ProviderCall timeout() {
        return new ProviderCall(null, Map.of(), "", null);
    }

    /**
     * This outcome with the response headers; secret-bearing values are redacted before storage.
     *
     * @param responseHeaders the headers
     * @return a new outcome
     */
    public ProviderCall withHeaders(Map<String, String> responseHeaders) {
        return new ProviderCall(statusCode, new TreeMap<>(responseHeaders), body, at);
    }

    /**
     * This outcome with the response body; secret values in it are redacted before storage.
     *
     * @param responseBody the body
     * @return a new outcome
     */
    public ProviderCall withBody(String responseBody) {
        return new ProviderCall(statusCode, headers, responseBody == null ? "" : responseBody, at);
    }

    /**
     * When the call happened; default: when it is recorded.
     *
     * @param time when the call was made
     * @return a new outcome
     */
    public ProviderCall at(Instant time) {
        return new ProviderCall(statusCode, headers, body, time);
    }

    /**
     * The HTTP status.
     *
     * @return the status, or null for a timeout
     */
    public @Nullable Integer statusCode() {
        return statusCode;
    }

    /**
     * Whether the call timed out.
     *
     * @return true for a timeout
     */
    public boolean timedOut() {
        return statusCode == null;
    }

    /**
     * The response headers.
     *
     * @return the headers, possibly empty
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The response body.
     *
     * @return the body, possibly empty
     */
    public String body() {
        return body;
    }

    /**
     * When the call was made.
     *
     * @return the instant, or null for the vault's clock at recording
     */
    public @Nullable Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return "ProviderCall[" + (statusCode == null ? "timeout" : statusCode) + ", headers=" + headers.keySet() + "]";
    }
}
