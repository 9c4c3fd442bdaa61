package io.credvault.testkit;

import io.credvault.CredentialId;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the key-management groups of the contract kit share: a kit, an owner, and helpers over the SPI. */
abstract class KeyTestSupport {
    static final OwnerId OWNER = OwnerId.of("keys-owner");

    abstract CredentialStoreContract kit();

    Vault store() {
        return kit().store;
    }

    List<CredentialId> createMany(Vault s, int n) {
        List<CredentialId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(s.create(OWNER, NewCredential.builder("generic", "cred-" + i).secrets("secret", "value-" + i).build()).id());
        }
        return ids;
    }

    String secret(Vault s, CredentialId id) {
        return s.reveal(OWNER, id).secrets().require("secret").reveal();
    }

    Map<CredentialId, byte[]> sealedBytes(List<CredentialId> ids) {
        Map<CredentialId, byte[]> out = new HashMap<>();
        ids.forEach(id -> out.put(id, kit().backend.find(id).orElseThrow().sealed()));
        return out;
    }

    List<JournalEvent> keyEvents() {
        return kit().backend.events(EventQuery.all(100_000)).stream()
                .filter(e -> e.type().startsWith("key.") || e.type().startsWith("master_key.")).toList();
    }
}
