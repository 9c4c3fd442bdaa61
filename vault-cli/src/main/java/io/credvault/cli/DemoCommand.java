package io.credvault.cli;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialStore;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.crypto.CredVault;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A walk through the product on a throwaway vault. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Walk through credvault on a throwaway vault.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CredentialStore store = CredVault.inMemory()) {
            OwnerId owner = OwnerId.of("user-42");
            CredentialMetadata gh = store.create(owner, NewCredential.builder("github", "GitHub corporate")
                    .category("repositories").secrets("accessToken", "ghp_demo0000000000000000000000000000", "username", "octocat").build());
            store.create(owner, NewCredential.builder("raven-slingshot", "Raven field unit")
                    .secrets("apiKey", "rk-demo", "accessKey", "ak-demo", "sharedSecret", "ss-demo").build());
            out.println("created 2 credentials for " + owner);
            for (CredentialMetadata m : store.list(owner, ListFilter.active(), PageRequest.first(10)).items()) {
                out.printf("  %-26s %-18s %-16s %s%n", m.id(), m.name(), m.provider(), m.status());
            }
            out.println("reveal (explicit): accessToken = "
                    + store.reveal(owner, gh.id()).secrets().require("accessToken").reveal());
            store.setStatus(owner, gh.id(), CredentialStatus.UNAUTHENTICATED);
            out.println("status after a 401: " + store.describe(owner, gh.id()).status());
        }
        return 0;
    }
}
