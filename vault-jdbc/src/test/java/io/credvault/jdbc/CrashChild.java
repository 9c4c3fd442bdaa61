package io.credvault.jdbc;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.KeyInfo;
import io.credvault.KeyState;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.RewrapOptions;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The process {@link CrashRecoveryTest} runs each round: a mixed workload (create, compare-and-set update,
 * delete and restore, status, rotate, rewrap, retire) on an H2 file, printing the state each call returned
 * right after it returned. With {@code close N} it runs N operations and closes the vault cleanly; with
 * {@code kill} it runs until the parent kills it with SIGKILL.
 *
 * <p>Lines: {@code S id version deleted secret} for a credential's state after a call, {@code K primary} after a
 * rotation, {@code R version} after a retirement, {@code closed} after a clean close.
 */
public final class CrashChild {
    static final OwnerId OWNER = OwnerId.of("crash");
    static final byte[] MASTER = new byte[32];

    private CrashChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int ops = args[2].equals("kill") ? Integer.MAX_VALUE : Integer.parseInt(args[3]);
        PrintStream out = System.out;
        Random random = new Random(seed);
        Vault vault = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.h2File(file)).masterKey(MasterKey.of(MASTER)).createIfEmpty(true).build();
        List<CredentialMetadata> known = new ArrayList<>();
        PageRequest page = PageRequest.first(1000);
        while (true) {
            Page<CredentialMetadata> p = vault.list(OWNER, ListFilter.all(), page);
            known.addAll(p.items());
            if (!p.hasNext()) {
                break;
            }
            page = page.next(p.nextCursor());
        }
        out.println("ready");
        for (int i = 0; i < ops; i++) {
            int dice = random.nextInt(100);
            if (dice < 30 || known.isEmpty()) {
                String secret = "s" + seed + "-" + i;
                CredentialMetadata m = vault.create(OWNER, NewCredential.builder("generic", "c" + seed + "-" + i)
                        .secrets("secret", secret).build());
                known.add(m);
                out.println("S " + m.id() + " " + m.version() + " 0 " + secret);
                continue;
            }
            int index = random.nextInt(known.size());
            CredentialMetadata cur = known.get(index);
            CredentialMetadata next;
            String secret = "-";
            if (dice < 60 && !cur.deleted()) {
                secret = "u" + seed + "-" + i;
                next = vault.update(OWNER, cur.id(), cur.version(), CredentialUpdate.builder().secrets("secret", secret).build());
            } else if (dice < 75) {
                next = cur.deleted() ? vault.restore(OWNER, cur.id()) : vault.delete(OWNER, cur.id());
            } else if (dice < 90) {
                CredentialStatus[] all = CredentialStatus.values();
                next = vault.setStatus(OWNER, cur.id(), all[random.nextInt(all.length)]);
            } else if (dice < 94) {
                out.println("K " + vault.keys().rotate().version());
                continue;
            } else if (dice < 98) {
                vault.keys().rewrap(RewrapOptions.builder().batchSize(50).build());
                out.println("W");
                continue;
            } else {
                retireOne(vault, out);
                continue;
            }
            known.set(index, next);
            out.println("S " + next.id() + " " + next.version() + " " + (next.deleted() ? 1 : 0) + " " + secret);
        }
        vault.close();
        out.println("closed");
    }

    /** Retires the oldest decrypt-only version nothing is sealed under any more, if there is one. */
    private static void retireOne(Vault vault, PrintStream out) {
        var usage = vault.keys().usage();
        for (KeyInfo k : usage.keys()) {
            if (k.state() == KeyState.DECRYPT_ONLY && usage.credentialsUnder(k.version()) == 0) {
                out.println("R " + vault.keys().retire(k.version()).version());
                return;
            }
        }
    }

    static CredentialId id(String s) {
        return CredentialId.of(s);
    }
}
