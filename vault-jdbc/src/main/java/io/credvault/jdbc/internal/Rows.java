package io.credvault.jdbc.internal;

import io.credvault.ApiKeyState;
import io.credvault.CredentialId;
import io.credvault.CredentialStatus;
import io.credvault.OwnerId;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.KeyRecord;
import io.credvault.KeyState;
import io.credvault.spi.StoredCredential;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Row mapping and column encodings shared by every statement. */
public final class Rows {
    public static final String CREDENTIAL_COLUMNS = "id, owner_id, name, description, provider, category, status, "
            + "deleted_at, last_used, created_at, updated_at, version, expires_at, fingerprint, field_names, key_version, sealed";
    public static final String KEY_COLUMNS = "version, state, wrapped, created_at, encryptions_reserved, retired_at";
    public static final String EVENT_COLUMNS = "seq, at, owner_id, credential_id, type, actor, details, mac";
    public static final String CALL_COLUMNS = "id, owner_id, credential_id, at, status_code, headers, body, status";
    public static final String API_KEY_COLUMNS = "id, owner_id, prefix, hash, state, created_at, grace_until, revoked_at, last_used";

    private Rows() {
    }

    public static StoredCredential credential(ResultSet rs) throws SQLException {
        return new StoredCredential(
                OwnerId.of(rs.getString(2)),
                CredentialId.of(rs.getString(1)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                CredentialStatus.valueOf(rs.getString(7)),
                instant(rs, 8),
                instant(rs, 9),
                requiredInstant(rs, 10),
                requiredInstant(rs, 11),
                rs.getLong(12),
                instant(rs, 13),
                rs.getString(14),
                fieldNames(rs.getString(15)),
                rs.getInt(16),
                rs.getBytes(17));
    }

    public static KeyRecord key(ResultSet rs) throws SQLException {
        KeyState state;
        try {
            state = KeyState.valueOf(rs.getString(2));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new io.credvault.IntegrityException("data key " + rs.getInt(1) + " has an unknown state '" + rs.getString(2)
                    + "' (allowed: " + java.util.Arrays.toString(KeyState.values()) + "): the keyring was altered outside the vault");
        }
        return new KeyRecord(rs.getInt(1), state, rs.getBytes(3), requiredInstant(rs, 4), rs.getLong(5), instant(rs, 6));
    }

    public static JournalEvent event(ResultSet rs) throws SQLException {
        String owner = rs.getString(3);
        String credential = rs.getString(4);
        return new JournalEvent(rs.getLong(1), requiredInstant(rs, 2), owner == null ? null : OwnerId.of(owner),
                credential == null ? null : CredentialId.of(credential), rs.getString(5), rs.getString(6),
                details(rs.getString(7)), rs.getString(8));
    }

    public static ProviderCallRow call(ResultSet rs) throws SQLException {
        int code = rs.getInt(5);
        Integer statusCode = rs.wasNull() ? null : code;
        String status = rs.getString(8);
        return new ProviderCallRow(rs.getLong(1), OwnerId.of(rs.getString(2)), CredentialId.of(rs.getString(3)),
                requiredInstant(rs, 4), statusCode, rs.getString(6), rs.getString(7), status == null ? null : CredentialStatus.valueOf(status));
    }

    public static ApiKeyRow apiKey(ResultSet rs) throws SQLException {
        ApiKeyState state;
        try {
            state = ApiKeyState.valueOf(rs.getString(5));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new io.credvault.IntegrityException("API key " + rs.getString(1) + " has an unknown state (allowed: "
                    + java.util.Arrays.toString(ApiKeyState.values()) + "): the row was altered outside the vault");
        }
        return new ApiKeyRow(rs.getString(1), OwnerId.of(rs.getString(2)), rs.getString(3), rs.getString(4), state,
                requiredInstant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9));
    }

    public static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    public static @Nullable Long micros(@Nullable Instant t) {
        return t == null ? null : exactMicros(t);
    }

    public static long exactMicros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    /** A time column declared NOT NULL: a NULL there means the row was edited outside the vault. */
    static Instant requiredInstant(ResultSet rs, int column) throws SQLException {
        Instant at = instant(rs, column);
        if (at == null) {
            throw new io.credvault.IntegrityException("column " + rs.getMetaData().getColumnLabel(column)
                    + " is NULL where a time is required: the row was altered outside the vault");
        }
        return at;
    }

    public static String fieldNames(Set<String> names) {
        return String.join(",", new TreeSet<>(names));
    }

    static Set<String> fieldNames(String column) {
        return column.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(column.split(",")));
    }

    /** Journal details as {@code k=v&k=v}, URL-encoded: readable in SQL, unambiguous for any string. */
    public static String details(Map<String, String> details) {
        return details.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> details(String column) {
        Map<String, String> out = new TreeMap<>();
        if (column.isEmpty()) {
            return out;
        }
        for (String pair : column.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Escapes {@code %}, {@code _} and the escape character {@code !} for a {@code LIKE ... ESCAPE '!'}. */
    public static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
