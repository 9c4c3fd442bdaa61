package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.util.List;
import java.util.Optional;

/** The credential rows of one backend transaction. */
public interface CredentialTable {
    /**
     * The credential, locked for update where the backend locks rows.
     *
     * @param id the credential's id
     * @return the credential, locked until the transaction ends, or empty
     */
    Optional<StoredCredential> find(CredentialId id);

    /**
     * Whether an active (not deleted) credential of {@code owner} is named {@code name}.
     *
     * @param owner the owner
     * @param name a name
     * @return whether one of the owner's active credentials has this name
     */
    boolean activeNameExists(OwnerId owner, String name);

    /**
     * Inserts a new credential.
     *
     * @param credential the new credential
     * @throws io.credvault.ConflictException if an active credential of the same owner has the same name
     */
    void insert(StoredCredential credential);

    /**
     * Replaces the credential if its stored version is {@code expectedVersion} (compare-and-set).
     * {@code lastUsed} keeps the later of the stored and the given value, so a concurrent
     * {@link VaultBackend#recordUses} is never undone.
     *
     * @param credential the credential's new version
     * @param expectedVersion the version it replaces
     * @return false, changing nothing, if the stored version differs or the credential is gone
     * @throws io.credvault.ConflictException if the change would give two active credentials one name
     */
    boolean update(StoredCredential credential, long expectedVersion);

    /**
     * Rewrap's compare-and-set, for many credentials: replaces the sealed secret and key version of each
     * {@code next} if its stored version and key version are still those of {@code seen} (same index); other
     * columns are untouched. Returns, per index, whether it was replaced. Backends that can should send one batch.
     *
     * @param seen the credentials as read
     * @param next the same credentials re-sealed
     * @return for each, whether it was swapped (false where it changed since it was read)
     */
    default boolean[] swapSealed(List<SealedRecord> seen, List<SealedRecord> next) {
        boolean[] done = new boolean[seen.size()];
        for (int i = 0; i < seen.size(); i++) {
            SealedRecord s = seen.get(i);
            Optional<StoredCredential> cur = find(s.id());
            // the swap applies to the row as it is now: status and check outcomes move without a version change
            done[i] = cur.isPresent() && cur.get().version() == s.version() && cur.get().keyVersion() == s.keyVersion()
                    && update(cur.get().withSealed(next.get(i).sealed(), next.get(i).keyVersion()), s.version());
        }
        return done;
    }

    /**
     * Removes the credential for good; false if it did not exist.
     *
     * @param id the credential's id
     * @return whether it existed
     */
    boolean delete(CredentialId id);
}
