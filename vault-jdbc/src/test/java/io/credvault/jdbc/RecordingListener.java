package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.spi.ChangeFeed;
import java.util.Collection;

/** A change feed listener that writes what it is told to a collection, one line per call. */
final class RecordingListener implements ChangeFeed.Listener {
    private final Collection<String> told;

    RecordingListener(Collection<String> told) {
        this.told = told;
    }

    @Override
    public void changed(long journalSeq, Collection<CredentialId> ids) {
        told.add("changed " + journalSeq + " " + ids);
    }

    @Override
    public void changedBetween(long journalSeq, CredentialId first, CredentialId last) {
        told.add("between " + journalSeq + " " + first + " " + last);
    }

    @Override
    public void resynced() {
        told.add("resynced");
    }

    @Override
    public void lost(Exception cause) {
        told.add("lost");
    }
}
