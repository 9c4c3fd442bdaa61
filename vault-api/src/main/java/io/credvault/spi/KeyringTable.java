package io.credvault.spi;

import java.util.List;
import java.util.Optional;

/** The keyring's rows and the vault's settings, in one backend transaction (read with a lock where rows lock). */
public interface KeyringTable {
    /**
     * Key records, ordered by version.
     *
     * @return every key record, locked until the transaction ends, by version
     */
    List<KeyRecord> keys();

    /**
     * Inserts or replaces the key record of {@code key.version()}.
     *
     * @param key the record to insert or replace, by version
     */
    void putKey(KeyRecord key);

    /**
     * A named setting.
     *
     * @param name a setting's name
     * @return its value, or empty
     */
    Optional<String> setting(String name);

    /**
     * Sets a named setting.
     *
     * @param name a setting's name
     * @param value its value
     */
    void putSetting(String name, String value);

    /**
     * Inserts a setting that must not exist yet. Of two transactions inserting it at once, the second fails (waiting
     * for the first to end, then on the unique key) instead of writing over it: how a keyring is created exactly
     * once when several instances open an empty store together.
     *
     * @param name  a setting's name
     * @param value its value
     * @throws io.credvault.ConflictException or {@link io.credvault.StorageException} if it exists
     */
    void insertSetting(String name, String value);
}
