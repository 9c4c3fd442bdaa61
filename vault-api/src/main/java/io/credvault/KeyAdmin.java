package io.credvault;

import io.credvault.spi.KeyWrapper;
import java.util.List;

/**
 * Online key management. Every call journals its event (with no key material).
 */
public interface KeyAdmin {

    /**
     * Every key version, oldest first.
     *
     * @return every data key version with its state, creation time and encryption count
     */
    List<KeyInfo> list();

    /**
     * Makes a new data key the primary: new writes use it at once; the old primary becomes decrypt-only and
     * everything sealed under it still opens. Other instances sharing the backend switch within the
     * configured keyring refresh interval, and at once when they meet the new version.
     *
     * @return the new primary key
     */
    KeyInfo rotate();

    /**
     * Re-encrypts every credential sealed under an older version into the primary, in batches of short
     * transactions, online. Compromised versions go first. Compare-and-set per credential: a concurrent change
     * wins and is never overwritten. Cursor and counts are persisted after each batch, so a rewrap that was
     * killed resumes where it stopped. Idempotent: with nothing left to do it returns at once.
     *
     * @param options batch size, pause, progress and stop condition
     * @return what the run did, and the key usage after it
     */
    RewrapReport rewrap(RewrapOptions options);

    /**
     * Credentials per key version and the state of each key.
     *
     * @return credentials and encryptions per key version
     */
    KeyUsage usage();

    /**
     * Destroys the material of {@code version}.
     *
     * @param version a version no credential is sealed under
     * @return the retired key
     * @throws ConflictException if it is the primary or any credential is still sealed under it (says how many)
     */
    KeyInfo retire(int version);

    /**
     * Marks {@code version} compromised: decrypt-only at once (rotating first if it is the primary), then
     * rewraps its credentials before any other version's.
     *
     * @param version the compromised version
     * @param options batch size, pause, progress and stop condition
     * @return what the rewrap of its credentials did
     */
    RewrapReport compromised(int version, RewrapOptions options);

    /**
     * Rewraps the keyring (data keys and MAC root) under {@code newMasterKey} in one transaction; no
     * credential is touched. Other instances must be restarted with the new master key.
     *
     * @param newMasterKey the key the keyring is wrapped under from now on
     */
    void changeMasterKey(KeyWrapper newMasterKey);
}
