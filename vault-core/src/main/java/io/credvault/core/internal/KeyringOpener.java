package io.credvault.core.internal;
import io.credvault.ConflictException;
import io.credvault.IntegrityException;
import io.credvault.KeyUnavailableException;
import io.credvault.StorageException;
import io.credvault.VaultNotFoundException;
import io.credvault.crypto.MasterKey;
import io.credvault.crypto.internal.AesGcm;
import io.credvault.crypto.internal.MacKeys;
import io.credvault.crypto.internal.Passphrase;
import io.credvault.spi.KeyWrapper;
import io.credvault.spi.VaultBackend;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Opening a keyring: the master key is proved against the stored key check before anything is read or written, and
 * a new keyring is created only in an entirely empty store.
 */
public final class KeyringOpener {
    private KeyringOpener() {
    }

    /**
     * Proves {@code wrapper} against the key check of {@code backend} (the raw backend: this runs before the
     * journal can be chained) and unwraps the MAC root. Nothing is written before the master key is verified, and
     * a new keyring (data key 1, MAC root, key check) is created only when {@code createIfEmpty} is set and the
     * store is entirely empty.
     *
     * @return the MAC keys derived from the vault's MAC root: the journal chain is built with them, then the keyring
     * @throws KeyUnavailableException if {@code wrapper} is not the master key this vault was created with
     * @throws VaultNotFoundException  if the store is empty and {@code createIfEmpty} is off
     * @throws IntegrityException      if the store holds data but its keyring is missing or damaged
     */
    public static MacKeys unlock(VaultBackend backend, KeyWrapper wrapper, Clock clock, boolean createIfEmpty) {
        Optional<String> check = backend.setting(Keyring.CHECK_SETTING);
        if (check.isEmpty()) {
            String held = held(backend.contents());
            if (!held.isEmpty()) {
                // another instance may have created the keyring (check and all, in one transaction) since the read above
                check = backend.setting(Keyring.CHECK_SETTING);
            }
            if (check.isEmpty() && !held.isEmpty()) {
                throw new IntegrityException("the store holds " + held + " but no key check (" + Keyring.CHECK_SETTING
                        + "): its keyring is missing or damaged, and it is never re-created over existing data; "
                        + "restore the keyring rows from a backup");
            }
            if (check.isEmpty()) {
                if (!createIfEmpty) {
                    throw new VaultNotFoundException("no vault in this store (it is empty); create one with createIfEmpty(true)");
                }
                create(backend, wrapper, clock);
                check = backend.setting(Keyring.CHECK_SETTING);
            }
        }
        verifyCheck(wrapper, check.orElseThrow(() -> new IntegrityException("the key check disappeared while opening")));
        String rootSetting = backend.setting(Keyring.MAC_ROOT_SETTING).orElseThrow(() -> new IntegrityException(
                "the vault has a key check but no MAC root (" + Keyring.MAC_ROOT_SETTING + "): the keyring is damaged; "
                        + Keyring.dependents(backend) + " depend on it; restore it from a backup"));
        byte[] root = wrapper.unwrap(Keyring.unb64(Keyring.MAC_ROOT_SETTING, rootSetting), Keyring.MAC_ROOT_LABEL);
        try {
            return new MacKeys(root);
        } finally {
            Arrays.fill(root, (byte) 0);
        }
    }

    /** Creates the keyring in one transaction that first re-checks, under lock, that the store is still empty. */
    private static void create(VaultBackend backend, KeyWrapper wrapper, Clock clock) {
        try {
            backend.useTransaction(tx -> {
                // the key check first, insert-only: of instances creating at once, the first wins and the others
                // fail here (after waiting for it) and open its keyring; nothing is written over
                tx.keyring().insertSetting(Keyring.CHECK_SETTING, Keyring.b64(wrapper.wrap(new byte[32], Keyring.CHECK_LABEL)));
                if (!tx.keyring().keys().isEmpty()) {
                    throw new IntegrityException("the store holds data keys but no key check: its keyring is damaged");
                }
                byte[] root = AesGcm.randomBytes(MacKeys.ROOT_BYTES);
                try {
                    tx.keyring().putKey(Keyring.newKey(wrapper, 1, clock.instant()));
                    tx.keyring().putSetting(Keyring.MAC_ROOT_SETTING, Keyring.b64(wrapper.wrap(root, Keyring.MAC_ROOT_LABEL)));
                    wrapper.settings().forEach(tx.keyring()::putSetting);
                    tx.keyring().putSetting(JournaledBackend.HEAD, JournaledBackend.GENESIS);
                } finally {
                    Arrays.fill(root, (byte) 0);
                }
            });
        } catch (ConflictException | StorageException e) {
            // Another instance created the keyring at the same moment; use theirs.
            if (backend.setting(Keyring.CHECK_SETTING).isEmpty()) {
                throw e;
            }
        }
    }

    /** "3 credentials, 12 journal entries" for the non-empty kinds of {@code contents}; empty if there are none. */
    private static String held(Map<String, Long> contents) {
        StringBuilder out = new StringBuilder();
        contents.forEach((kind, n) -> {
            if (n > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(n).append(' ').append(kind);
            }
        });
        return out.toString();
    }

    private static void verifyCheck(KeyWrapper wrapper, String check) {
        try {
            wrapper.unwrap(Keyring.unb64(Keyring.CHECK_SETTING, check), Keyring.CHECK_LABEL);
        } catch (KeyUnavailableException e) {
            throw new KeyUnavailableException("the master key does not open this vault (key check failed); "
                    + "open it with the master key it was created with", e);
        }
    }

    /**
     * The master key derived from {@code passphrase} with the parameters the store keeps (new ones for a new vault).
     * Clears the passphrase.
     *
     * @param backend    the store
     * @param passphrase the passphrase
     * @return the master key
     */
    public static KeyWrapper passphraseKey(VaultBackend backend, char[] passphrase) {
        try {
            String stored = backend.setting(Passphrase.SETTING).orElse("");
            if (!stored.isEmpty()) {
                return MasterKey.fromPassphrase(passphrase, stored);
            }
            if (backend.setting(Keyring.CHECK_SETTING).isPresent()) {
                throw new KeyUnavailableException("this vault's master key is not passphrase-derived; open it with its master key");
            }
            return MasterKey.newPassphrase(passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
