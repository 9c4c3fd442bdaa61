package io.credvault.spi;

/**
 * A transaction that is itself its credential, journal and keyring tables: the shape most backends take (one
 * connection or one lock behind all three roles).
 */
public interface TableTransaction extends BackendTransaction, CredentialTable, JournalTable, KeyringTable {
    @Override
    default CredentialTable credentials() {
        return this;
    }

    @Override
    default JournalTable journal() {
        return this;
    }

    @Override
    default KeyringTable keyring() {
        return this;
    }
}
