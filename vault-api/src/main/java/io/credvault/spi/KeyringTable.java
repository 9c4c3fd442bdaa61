package io.credvault.spi;

import java.util.List;
import java.util.Optional;

/** The keyring's rows and the vault's settings, in one backend transaction (read with a lock where rows lock). */
public interface KeyringTable {
    /** Key records, ordered by version. */
    List<KeyRecord> keys();

    /** Inserts or replaces the key record of {@code key.version()}. */
    void putKey(KeyRecord key);

    /** A named setting. */
    Optional<String> setting(String name);

    /** Sets a named setting. */
    void putSetting(String name, String value);
}
