package io.credvault.jdbc;

import io.credvault.ApiKeyState;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.OwnerId;
import io.credvault.ValidationException;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.LeaseTable;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.KeyRecord;
import io.credvault.KeyState;
import io.credvault.spi.SealedRecord;
import io.credvault.spi.StoredCredential;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.sql.Types;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.Configurable;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/**
 * How the vault's values sit in columns: the argument factories and row mappers registered on the backend's
 * {@link Jdbi}, and the text encodings of field names and journal details. Ids bind as text, times as microseconds
 * since the epoch (a BIGINT: exact, and the same on every database), enums by name (Jdbi's default).
 */
final class Columns {
    static final String CREDENTIAL_COLUMNS = "id, owner_id, name, description, provider, category, status, "
            + "deleted_at, last_used, created_at, updated_at, version, expires_at, fingerprint, field_names, key_version, sealed, "
            + "last_checked_at, consecutive_failures, secret_expiries";
    /** The values of {@link #CREDENTIAL_COLUMNS}, bound by {@link #bindCredential}. */
    static final String CREDENTIAL_VALUES = ":m.id, :m.owner, :m.name, :m.description, :m.provider, :m.category, :m.status, "
            + ":m.deletedAt, :m.lastUsed, :m.dateCreated, :m.lastUpdated, :m.version, :m.expiresAt, :m.fingerprint, "
            + ":fieldNames, :m.keyVersion, :sealed, :m.lastCheckedAt, :m.consecutiveFailures, :secretExpiries";
    static final String KEY_COLUMNS = "version, state, wrapped, created_at, encryptions_reserved, retired_at";
    static final String EVENT_COLUMNS = "seq, at, owner_id, credential_id, type, actor, details, mac";
    static final String CALL_COLUMNS = "id, owner_id, credential_id, at, status_code, headers, body, status";
    static final String API_KEY_COLUMNS = "id, owner_id, prefix, hash, state, created_at, grace_until, revoked_at, last_used";

    private Columns() {
    }

    /** Registers the vault's arguments and row mappers on {@code jdbi}; later registrations win over Jdbi's built-ins. */
    static <C extends Configurable<C>> void register(C jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<OwnerId>(Types.VARCHAR) {
            @Override
            protected Argument build(OwnerId value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setString(position, value.value());
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<CredentialId>(Types.VARCHAR) {
            @Override
            protected Argument build(CredentialId value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setString(position, value.value());
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.BIGINT) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setLong(position, exactMicros(value));
            }
        });
        jdbi.registerRowMapper(StoredCredential.class, (rs, ctx) -> credential(rs));
        jdbi.registerRowMapper(SealedRecord.class, (rs, ctx) -> new SealedRecord(CredentialId.of(rs.getString(1)),
                OwnerId.of(rs.getString(2)), rs.getLong(3), rs.getInt(4), rs.getBytes(5)));
        jdbi.registerRowMapper(KeyRecord.class, (rs, ctx) -> key(rs));
        jdbi.registerRowMapper(JournalEvent.class, (rs, ctx) -> event(rs));
        jdbi.registerRowMapper(ProviderCallRow.class, (rs, ctx) -> call(rs));
        jdbi.registerRowMapper(ApiKeyRow.class, (rs, ctx) -> apiKey(rs));
        jdbi.registerRowMapper(LeaseTable.Lease.class, (rs, ctx) -> new LeaseTable.Lease(rs.getString(1), rs.getString(2),
                requiredInstant(rs, 3)));
    }

    /**
     * Sets {@code e} on a statement's {@code (?, ...)} placeholders for {@link #EVENT_COLUMNS}, in that order, on the
     * JDBC statement itself. The journal is the table every write and every reveal tally inserts into: through the
     * statement layer, resolving named arguments per row was a sixth of a reveal-audit batch on H2, and binding by
     * position there was still almost a third of the writer's time in its journal inserts on 100,000 distinct reveals.
     */
    static void setEvent(PreparedStatement ps, JournalEvent e) throws SQLException {
        ps.setLong(1, e.seq());
        ps.setLong(2, exactMicros(e.at()));
        setText(ps, 3, e.owner() == null ? null : e.owner().value());
        setText(ps, 4, e.credentialId() == null ? null : e.credentialId().value());
        ps.setString(5, e.type());
        setText(ps, 6, e.actor());
        ps.setString(7, details(e.details()));
        ps.setString(8, e.mac());
    }

    private static void setText(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** Binds {@code c} to {@link #CREDENTIAL_VALUES}. */
    static <S extends SqlStatement<S>> S bindCredential(S statement, StoredCredential c) {
        return statement.bindMethods("m", c.metadata())
                .bind("fieldNames", fieldNames(c.metadata().secretFieldNames()))
                .bind("sealed", c.sealed())
                .bind("secretExpiries", expiries(c.metadata().secretExpiries()));
    }

    static StoredCredential credential(ResultSet rs) throws SQLException {
        return credential(rs, null);
    }

    /**
     * The credential of the current row; its id is {@code known} (already checked) when the row holds that id
     * exactly, as after a lookup by it, so that it is not checked again.
     */
    static StoredCredential credential(ResultSet rs, @Nullable CredentialId known) throws SQLException {
        String id = rs.getString(1);
        try {
            return credential(rs, id, known);
        } catch (ValidationException | IllegalArgumentException e) {
            throw altered("credential " + id, e);
        }
    }

    /**
     * What a value the vault never writes makes of a row's read: an {@link io.credvault.IntegrityException} naming
     * the row, and why the value was refused (the check that refused it names the field).
     */
    private static io.credvault.IntegrityException altered(String row, RuntimeException refusal) {
        return new io.credvault.IntegrityException(row + " holds a value the vault never writes (" + refusal.getMessage()
                + "): the row was altered outside the vault");
    }

    private static StoredCredential credential(ResultSet rs, String id, @Nullable CredentialId known) throws SQLException {
        CredentialMetadata metadata = CredentialMetadata.builder(OwnerId.of(rs.getString(2)),
                        known != null && known.value().equals(id) ? known : CredentialId.of(id))
                .name(rs.getString(3))
                .description(rs.getString(4))
                .provider(rs.getString(5))
                .category(rs.getString(6))
                .status(constant(CredentialStatus.class, rs.getString(7), "status", "credential", id))
                .deletedAt(instant(rs, 8))
                .lastUsed(instant(rs, 9))
                .dateCreated(requiredInstant(rs, 10))
                .lastUpdated(requiredInstant(rs, 11))
                .version(rs.getLong(12))
                .expiresAt(instant(rs, 13))
                .secret(rs.getString(14), fieldNames(rs.getString(15)), rs.getInt(16))
                .checked(instant(rs, 18), rs.getInt(19))
                .secretExpiries(expiries(rs.getString(20)))
                .build();
        return new StoredCredential(metadata, rs.getBytes(17));
    }

    static KeyRecord key(ResultSet rs) throws SQLException {
        KeyState state = constant(KeyState.class, rs.getString(2), "state", "data key", rs.getInt(1));
        return new KeyRecord(rs.getInt(1), state, rs.getBytes(3), requiredInstant(rs, 4), rs.getLong(5), instant(rs, 6));
    }

    static JournalEvent event(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        String owner = rs.getString(3);
        String credential = rs.getString(4);
        try {
            return new JournalEvent(seq, requiredInstant(rs, 2), owner == null ? null : OwnerId.of(owner),
                    credential == null ? null : CredentialId.of(credential), rs.getString(5), rs.getString(6),
                    details(rs.getString(7)), rs.getString(8));
        } catch (ValidationException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw altered("journal entry " + seq, e);
        }
    }

    static ProviderCallRow call(ResultSet rs) throws SQLException {
        int code = rs.getInt(5);
        Integer statusCode = rs.wasNull() ? null : code;
        String status = rs.getString(8);
        return new ProviderCallRow(rs.getLong(1), OwnerId.of(rs.getString(2)), CredentialId.of(rs.getString(3)),
                requiredInstant(rs, 4), statusCode, rs.getString(6), rs.getString(7),
                status == null ? null : constant(CredentialStatus.class, status, "status", "provider call", rs.getLong(1)));
    }

    static ApiKeyRow apiKey(ResultSet rs) throws SQLException {
        ApiKeyState state = constant(ApiKeyState.class, rs.getString(5), "state", "API key", rs.getString(1));
        try {
            return new ApiKeyRow(rs.getString(1), OwnerId.of(rs.getString(2)), rs.getString(3), rs.getString(4), state,
                    requiredInstant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9));
        } catch (ValidationException e) {
            throw altered("API key " + rs.getString(1), e);
        }
    }

    /**
     * The constant of {@code type} that {@code column} of a row holds by name. Any other value, NULL included, means
     * the row was altered outside the vault: an {@link io.credvault.IntegrityException} naming the column, the row
     * ({@code kind} and {@code key}, made into text only then) and the names allowed.
     */
    static <E extends Enum<E>> E constant(Class<E> type, @Nullable String name, String column, String kind, Object key) {
        if (name != null) {
            try {
                return Enum.valueOf(type, name);
            } catch (IllegalArgumentException e) {
                // not one of the names: below
            }
        }
        throw new io.credvault.IntegrityException("column " + column + " of " + kind + " " + key + " holds "
                + (name == null ? "NULL" : "'" + name + "'") + ", not one of " + Arrays.toString(type.getEnumConstants())
                + ": the row was altered outside the vault");
    }

    static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : fromMicros(micros);
    }

    /** The instant {@code micros} microseconds from the epoch (as {@code Instant.EPOCH.plus(micros, MICROS)}, without its checks). */
    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    static long exactMicros(Instant t) {
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

    static String fieldNames(Set<String> names) {
        return String.join(",", new TreeSet<>(names));
    }

    /**
     * The field-name set of a {@code field_names} column. Credentials of one provider share their field names, so
     * the decoded sets are kept (up to {@value #FIELD_SETS} distinct lists; names are not secret): a read decodes a
     * list it has seen once and then shares one immutable set.
     */
    static Set<String> fieldNames(String column) {
        Set<String> known = FIELD_SET_CACHE.get(column);
        if (known != null) {
            return known;
        }
        Set<String> names = column.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(column.split(",")));
        if (FIELD_SET_CACHE.size() < FIELD_SETS) {
            FIELD_SET_CACHE.putIfAbsent(column, names);
        }
        return names;
    }

    private static final int FIELD_SETS = 1024;
    private static final ConcurrentHashMap<String, Set<String>> FIELD_SET_CACHE = new ConcurrentHashMap<>();

    /** Field expiries as {@code field=micros,field=micros} (field names are letters, digits and '_'). */
    static String expiries(Map<String, Instant> expiries) {
        return new TreeMap<>(expiries).entrySet().stream().map(e -> e.getKey() + "=" + exactMicros(e.getValue()))
                .collect(Collectors.joining(","));
    }

    static Map<String, Instant> expiries(String column) {
        if (column.isEmpty()) {
            return Map.of();
        }
        Map<String, Instant> out = new TreeMap<>();
        for (String pair : column.split(",")) {
            int eq = pair.indexOf('=');
            try {
                out.put(pair.substring(0, eq), fromMicros(Long.parseLong(pair.substring(eq + 1))));
            } catch (RuntimeException e) {
                throw new io.credvault.IntegrityException("column secret_expiries holds '" + pair
                        + "', not field=microseconds: the row was altered outside the vault");
            }
        }
        return out;
    }

    /** Journal details as {@code k=v&k=v}, URL-encoded: readable in SQL, unambiguous for any string. */
    static String details(Map<String, String> details) {
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
    static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
