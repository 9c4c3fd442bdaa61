package io.credvault.benchmarks.crossings;

import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.jdbc.JdbcBackend;

/** The program {@link ModuleCrossings} traces: a vault on in-memory H2, one warm-up create, then the measured one. */
public final class CreateOnce {
    private CreateOnce() {
    }

    public static void main(String[] args) {
        try (Vault vault = CredVault.builder().backend(JdbcBackend.h2Memory("crossings")).masterKey(MasterKey.generate())
                .createIfEmpty(true).build()) {
            OwnerId owner = OwnerId.of("user-1");
            vault.create(owner, NewCredential.builder("github", "warm-up").secrets("accessToken", "t0").build());
            measured(vault, owner);
        }
    }

    /** The traced call: everything it runs on this thread is counted. */
    static void measured(Vault vault, OwnerId owner) {
        vault.create(owner, NewCredential.builder("github", "measured").secrets("accessToken", "t1").build());
    }
}
