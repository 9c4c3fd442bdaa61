package io.credvault.jdbc;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStore;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.crypto.CredVault;
import io.credvault.crypto.MasterKey;
import java.nio.file.Path;

/**
 * The process {@link CrashRecoveryTest} kills: creates and updates credentials in an H2 file forever,
 * printing each one after its transaction committed.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String round = args[1];
        try (CredentialStore store = CredVault.builder().backend(JdbcBackend.h2File(file))
                .masterKey(MasterKey.of(new byte[32])).build()) {
            OwnerId owner = OwnerId.of("crash");
            System.out.println("ready");
            for (int i = 0; ; i++) {
                CredentialMetadata m = store.create(owner, NewCredential.builder("generic", "c-" + round + "-" + i)
                        .secrets("secret", "value-" + i).build());
                System.out.println("created " + m.id() + " " + i);
                CredentialMetadata u = store.update(owner, m.id(), 1, CredentialUpdate.builder().secrets("secret", "updated-" + i).build());
                System.out.println("updated " + m.id() + " " + u.version());
            }
        }
    }
}
