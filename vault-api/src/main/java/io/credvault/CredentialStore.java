package io.credvault;

import java.time.Duration;

/**
 * The vault as host applications see it: plaintext in, plaintext out, every call scoped to an owner.
 *
 * <p>An id that belongs to another owner behaves exactly like an unknown id: every method throws the same
 * {@link CredentialNotFoundException} with the same message. Implementations are thread-safe.
 */
public interface CredentialStore extends AutoCloseable {

    /**
     * Validates {@code credential} against its provider's schema, seals its secret fields and stores it.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param credential the provider, name, secrets and metadata of the new credential
     * @return the new credential's metadata, with its generated id and version 1
     * @throws ValidationException for an unknown provider, a missing or unknown secret field, or a bad string
     * @throws ConflictException   if an active credential of this owner already has that name
     */
    CredentialMetadata create(OwnerId owner, NewCredential credential);

    /**
     * Metadata only; never secret material.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @return the credential's metadata, never its secret
     */
    CredentialMetadata describe(OwnerId owner, CredentialId id);

    /**
     * Opens the secret fields and records the use ({@code lastUsed}).
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @return the credential's metadata and secret fields
     * @throws ConflictException  if the credential is deleted (restore it first)
     * @throws IntegrityException if the stored ciphertext does not verify
     */
    RevealedCredential reveal(OwnerId owner, CredentialId id);

    /**
     * Reveals many of one owner's credentials, read in one round trip to the store: each as {@link #reveal} would,
     * each reveal journaled and its use recorded. All or none: if any id is unknown, another owner's or deleted,
     * nothing is revealed.
     *
     * @param owner the credentials' owner (a user, workspace or tenant); another owner's credential is not found
     * @param ids   the credentials' ids, at most 1,000 (a repeated id counts once)
     * @return each credential's metadata and secret fields, by id, in the order of {@code ids}
     * @throws CredentialNotFoundException naming the first id that is unknown or another owner's
     * @throws ConflictException           if one of them is deleted (restore it first)
     * @throws ValidationException         naming {@code ids} if there are more than 1,000
     * @throws IntegrityException          if a stored ciphertext does not verify
     */
    java.util.Map<CredentialId, RevealedCredential> revealAll(OwnerId owner, java.util.Collection<CredentialId> ids);

    /**
     * Applies {@code changes} if the credential is still at {@code expectedVersion}; secret fields the update
     * does not name keep their values.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @param expectedVersion the version the caller read (compare-and-set)
     * @param changes the changes; fields not named keep their values
     * @return the metadata of the new version
     * @throws ConflictException if the version is stale or the credential is deleted; nothing changes
     */
    CredentialMetadata update(OwnerId owner, CredentialId id, long expectedVersion, CredentialUpdate changes);

    /**
     * Sets the health status (the journal derives it from provider calls; hosts may also set it directly).
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @param status the new status
     * @return the credential's metadata after the change
     */
    CredentialMetadata setStatus(OwnerId owner, CredentialId id, CredentialStatus status);

    /**
     * Soft delete: the credential stays, marked deleted, and its name is free again. Idempotent.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @return the metadata of the soft-deleted credential
     */
    CredentialMetadata delete(OwnerId owner, CredentialId id);

    /**
     * Undoes a soft delete. Idempotent.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @return the metadata of the restored credential
     * @throws ConflictException if an active credential took its name meanwhile
     */
    CredentialMetadata restore(OwnerId owner, CredentialId id);

    /**
     * Removes the credential and its secret for good.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     */
    void purge(OwnerId owner, CredentialId id);

    /**
     * A page of this owner's credentials in creation order, metadata only.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param filter which credentials
     * @param page the page size, and the cursor from the previous page (none for the first)
     * @return a page of the owner's credentials, metadata only, in creation order
     */
    Page<CredentialMetadata> list(OwnerId owner, ListFilter filter, PageRequest page);

    /**
     * A page of this owner's active credentials whose {@link CredentialMetadata#nextExpiry() next expiry} (of the
     * credential or of one of its secret fields) is within {@code within} from now, those already expired included;
     * earliest first, then by id. Keyset-paged over an index.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param within how far ahead of now (expired credentials are included)
     * @param page the page size, and the cursor from the previous page (none for the first)
     * @return a page of the owner's active credentials, earliest next expiry first
     * @throws ValidationException if {@code within} is negative or the cursor is not one this query returned
     */
    Page<CredentialMetadata> expiring(OwnerId owner, Duration within, PageRequest page);

    /**
     * The provider types this store accepts; register new ones here.
     *
     * @return the providers this store accepts
     */
    ProviderRegistry providers();

    /** Releases the backend's resources (connections, pools). */
    @Override
    void close();
}
