package io.credvault.core.internal;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.spi.Sealer;
import io.credvault.spi.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Creates retried under an idempotency key: the id they are given, and whether a retry is the same request. */
final class Idempotency {
    private Idempotency() {
    }

    /** The id of the credential created under {@code key} for {@code owner}: "I" and 100 bits of a vault MAC. */
    static CredentialId id(Sealer sealer, OwnerId owner, String key) {
        byte[] o = owner.value().getBytes(StandardCharsets.UTF_8);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[2 + o.length + k.length];
        input[0] = (byte) (o.length >>> 8);
        input[1] = (byte) o.length;
        System.arraycopy(o, 0, input, 2, o.length);
        System.arraycopy(k, 0, input, 2 + o.length, k.length);
        return CredentialId.of("I" + HexFormat.of().withUpperCase().formatHex(sealer.mac("credential-idempotency", input)).substring(0, 25));
    }

    /** A create retried under its idempotency key: the credential the first attempt made, if it is the same request. */
    static StoredCredential sameRequest(StoredCredential first, StoredCredential retried) {
        if (!first.owner().equals(retried.owner()) || !first.metadata().provider().equals(retried.metadata().provider()) || !first.metadata().name().equals(retried.metadata().name())) {
            throw new ConflictException("idempotencyKey: already used to create credential " + first.id() + " ("
                    + first.metadata().provider() + ", named \"" + first.metadata().name() + "\"); a different credential needs its own key");
        }
        return first;
    }
}
