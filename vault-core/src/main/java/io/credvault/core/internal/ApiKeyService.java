package io.credvault.core.internal;

import io.credvault.ApiKeyInfo;
import io.credvault.ApiKeyState;
import io.credvault.ApiKeys;
import io.credvault.ConflictException;
import io.credvault.IssuedApiKey;
import io.credvault.OwnerId;
import io.credvault.SecretValue;
import io.credvault.ValidationException;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.Sealer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@link ApiKeys}: keyed hashes only, one active key per owner, optional grace on rotation. */
final class ApiKeyService implements ApiKeys {
    static final String PREFIX = "cvk_";
    private static final Pattern FORMAT = Pattern.compile("cvk_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration MAX_GRACE = Duration.ofDays(30);

    private final Kernel core;
    private final Sealer sealer;

    ApiKeyService(Kernel core) {
        this.core = core;
        this.sealer = core.sealer;
    }

    private String hash(String key) {
        return HexFormat.of().formatHex(sealer.mac("api-key", key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The id of the row that stores {@code hash} for {@code owner}: derived from both under a MAC key, so a hash
     * or owner moved to another row (or a row given another owner) never verifies.
     */
    private String boundId(OwnerId owner, String hash) {
        byte[] o = owner.value().getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[4 + o.length + hash.length()];
        input[0] = (byte) (o.length >>> 24);
        input[1] = (byte) (o.length >>> 16);
        input[2] = (byte) (o.length >>> 8);
        input[3] = (byte) o.length;
        System.arraycopy(o, 0, input, 4, o.length);
        System.arraycopy(hash.getBytes(StandardCharsets.US_ASCII), 0, input, 4 + o.length, hash.length());
        return "K" + HexFormat.of().formatHex(sealer.mac("api-key-binding", input), 0, 20);
    }

    private static ApiKeyInfo info(ApiKeyRow r) {
        return new ApiKeyInfo(r.id(), r.owner(), r.prefix(), r.state(), r.createdAt(), r.graceUntil(), r.lastUsed());
    }

    private IssuedApiKey issue(io.credvault.spi.BackendTransaction tx, OwnerId owner, Instant now) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        java.util.Arrays.fill(random, (byte) 0);
        String hash = hash(key);
        ApiKeyRow row = new ApiKeyRow(boundId(owner, hash), owner, key.substring(0, PREFIX.length() + 8), hash, ApiKeyState.ACTIVE, now,
                null, null, null);
        Kernel.apiKeys(tx).put(row);
        return new IssuedApiKey(SecretValue.of(key), info(row));
    }

    private List<ApiKeyRow> live(OwnerId owner, Instant now) {
        return core.apiKeys().live(owner).stream()
                .filter(k -> k.state() == ApiKeyState.ACTIVE || (k.graceUntil() != null && k.graceUntil().isAfter(now))).toList();
    }

    @Override
    public IssuedApiKey create(OwnerId owner) {
        requireOwner(owner);
        Instant now = core.now();
        return core.backend.inTransaction(tx -> {
            Optional<ApiKeyRow> active = live(owner, now).stream().filter(k -> k.state() == ApiKeyState.ACTIVE).findFirst();
            if (active.isPresent()) {
                throw new ConflictException("owner already has an active API key (" + active.get().prefix()
                        + "...); rotate or delete it first");
            }
            IssuedApiKey issued = issue(tx, owner, now);
            tx.journal().append(core.event(now, owner, null, "apikey.created", Map.of("prefix", issued.info().prefix())));
            return issued;
        });
    }

    @Override
    public IssuedApiKey rotate(OwnerId owner, Duration grace) {
        requireOwner(owner);
        if (grace == null || grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new ValidationException("grace", "must be 0s..30d, got " + grace);
        }
        Instant now = core.now();
        return core.backend.inTransaction(tx -> {
            ApiKeyRow old = live(owner, now).stream().filter(k -> k.state() == ApiKeyState.ACTIVE).findFirst()
                    .orElseThrow(() -> new ConflictException("owner has no active API key to rotate; create one"));
            Kernel.apiKeys(tx).put(grace.isZero() ? old.withState(ApiKeyState.REVOKED, null, now) : old.withState(ApiKeyState.GRACE, now.plus(grace), null));
            IssuedApiKey issued = issue(tx, owner, now);
            tx.journal().append(core.event(now, owner, null, "apikey.rotated", Map.of("oldPrefix", old.prefix(),
                    "prefix", issued.info().prefix(), "grace", grace.toString())));
            return issued;
        });
    }

    @Override
    public boolean delete(OwnerId owner) {
        requireOwner(owner);
        Instant now = core.now();
        return core.backend.inTransaction(tx -> {
            List<ApiKeyRow> keys = core.apiKeys().live(owner);
            for (ApiKeyRow k : keys) {
                Kernel.apiKeys(tx).put(k.withState(ApiKeyState.REVOKED, null, now));
                tx.journal().append(core.event(now, owner, null, "apikey.deleted", Map.of("prefix", k.prefix())));
            }
            return !keys.isEmpty();
        });
    }

    @Override
    public Optional<OwnerId> verify(@org.jspecify.annotations.Nullable String presentedKey) {
        Instant now = core.now();
        String presented = presentedKey == null ? "" : presentedKey;
        String hash = hash(presented);
        Optional<ApiKeyRow> row = core.apiKeys().byHash(hash);
        boolean ok = row.isPresent()
                && MessageDigest.isEqual(row.get().hash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))
                && MessageDigest.isEqual(row.get().id().getBytes(StandardCharsets.US_ASCII),
                        boundId(row.get().owner(), hash).getBytes(StandardCharsets.US_ASCII))
                && (row.get().state() == ApiKeyState.ACTIVE
                    || (row.get().state() == ApiKeyState.GRACE && row.get().graceUntil() != null && row.get().graceUntil().isAfter(now)));
        if (ok) {
            ApiKeyRow k = row.get();
            if (k.lastUsed() == null || k.lastUsed().plus(Duration.ofMinutes(1)).isBefore(now)) {
                core.apiKeys().recordUse(k.id(), now);
            }
            return Optional.of(k.owner());
        }
        // Journal the failure without the key: only the display prefix, and only for a key of our format.
        String reason = row.isPresent() && !row.get().id().equals(boundId(row.get().owner(), hash)) ? "key row not bound to its owner"
                : row.isPresent() ? "key " + row.get().state().name().toLowerCase(java.util.Locale.ROOT)
                : FORMAT.matcher(presented).matches() ? "unknown key" : "malformed key";
        Map<String, String> details = FORMAT.matcher(presented).matches()
                ? Map.of("reason", reason, "prefix", presented.substring(0, PREFIX.length() + 8)) : Map.of("reason", reason);
        core.backend.useTransaction(tx -> {
            tx.journal().append(core.event(now, row.map(ApiKeyRow::owner).orElse(null), null, "apikey.verify_failed", details));
        });
        return Optional.empty();
    }

    @Override
    public List<ApiKeyInfo> list(OwnerId owner) {
        requireOwner(owner);
        return live(owner, core.now()).stream().map(ApiKeyService::info).toList();
    }

    private static void requireOwner(OwnerId owner) {
        if (owner == null) {
            throw new ValidationException("owner", "is required");
        }
    }
}
