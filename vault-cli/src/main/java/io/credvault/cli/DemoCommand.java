package io.credvault.cli;

import io.credvault.CredentialMetadata;
import io.credvault.IssuedApiKey;
import io.credvault.JournalVerification;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.ProviderCall;
import io.credvault.ProviderCallRecord;
import io.credvault.RevealAudit;
import io.credvault.RewrapOptions;
import io.credvault.RewrapReport;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.jdbc.JdbcBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A walk through credvault on a throwaway H2-file vault. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Walk through credvault on a throwaway vault (an H2 file, deleted afterwards).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keep", paramLabel = "DIR", description = "Create the demo vault in DIR and keep it")
    @Nullable Path keep;

    @Override
    public Integer call() throws IOException {
        if (((Main) spec.root().userObject()).hosted != null) {
            throw new CliException(2, "demo makes its own throwaway vault; it does not run inside a host");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("credvault-demo");
        try {
            run(out, dir);
        } finally {
            if (keep == null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    private static void step(PrintWriter out, int n, String title) {
        out.println();
        out.println(n + ". " + title);
    }

    private void run(PrintWriter out, Path dir) {
        out.println("credvault demo: a throwaway vault in " + dir.resolve("vault.mv.db") + " (H2 file), fresh random master key");
        try (Vault vault = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.h2File(dir.resolve("vault"))).masterKey(MasterKey.generate())
                .revealAudit(RevealAudit.STRICT).build()) {
            OwnerId user = OwnerId.of("user-42");
            step(out, 1, "Credentials for several providers, owned by " + user);
            CredentialMetadata gh = vault.create(user, NewCredential.builder("github", "GitHub corporate").category("repositories")
                    .secrets("accessToken", "ghp_demoAccessToken0000000000000000000", "username", "octocat").build());
            CredentialMetadata sentera = vault.create(user, NewCredential.builder("sentera", "Sentera field data").category("agronomy")
                    .secrets("accessToken", "st-access-demo", "refreshToken", "st-refresh-demo", "privateKey", "st-private-demo",
                            "publicKey", "st-public-demo").build());
            vault.create(user, NewCredential.builder("raven-slingshot", "Raven Slingshot").category("agronomy")
                    .secrets("apiKey", "rv-api-demo", "accessKey", "rv-access-demo", "sharedSecret", "rv-shared-demo").build());
            vault.create(user, NewCredential.builder("aws", "AWS production").category("cloud")
                    .secrets("accessKey", "AKIADEMO0000000000", "secretKey", "aws-secret-demo").build());
            vault.create(user, NewCredential.builder("agleader", "AgLeader").category("agronomy")
                    .secrets("accessToken", "al-access", "refreshToken", "al-refresh", "privateKey", "al-private", "publicKey", "al-public").build());
            out.println("   created 5; secrets are sealed with AES-256-GCM, bound to owner and id; metadata keeps an HMAC fingerprint");

            step(out, 2, "List (metadata only)");
            for (CredentialMetadata m : vault.list(user, ListFilter.active(), io.credvault.PageRequest.first(10)).items()) {
                out.printf("   %-20s %-16s %-12s %-14s key v%d  fp %s…%n", m.name(), m.provider(), m.category(), m.status(),
                        m.keyVersion(), m.fingerprint().substring(0, 8));
            }

            step(out, 3, "Reveal (secret values appear only on lines marked REVEALED)");
            out.println("   REVEALED accessToken of '" + gh.name() + "': "
                    + vault.reveal(user, gh.id()).secrets().require("accessToken").reveal());

            step(out, 4, "A provider call answers 401: the status follows, the stored record is redacted");
            vault.health().record(user, sentera.id(), ProviderCall.status(401)
                    .withHeaders(Map.of("Authorization", "Bearer st-access-demo", "X-Request-Id", "req-7"))
                    .withBody("{\"error\":\"token st-access-demo expired\"}"));
            ProviderCallRecord call = vault.health().calls(user, sentera.id(), io.credvault.PageRequest.first(1)).items().get(0);
            out.println("   status of '" + sentera.name() + "': " + vault.describe(user, sentera.id()).status());
            out.println("   stored call: " + call.statusCode() + " " + call.headers().strip().replace("\n", "; ") + "; body " + call.body());

            step(out, 5, "Key rotation and rewrap");
            out.println("   rotated: data key v" + vault.keys().rotate().version() + " is primary; existing credentials are still under v1");
            RewrapReport r = vault.keys().rewrap(RewrapOptions.builder().batchSize(2)
                    .progress(p -> out.printf("   rewrap progress: %d/%d%n", p.done(), p.total())).build());
            out.println("   rewrapped " + r.rewrapped() + " in " + r.batches() + " batches; usage: " + r.usage().credentialsByVersion()
                    + (r.usage().rotationComplete() ? " -> rotation complete" : ""));
            vault.keys().retire(1);
            out.println("   retired v1: its key material is destroyed");

            step(out, 6, "An API key for tenant-7 (shown once; only its keyed hash is stored)");
            IssuedApiKey key = vault.apiKeys().create(OwnerId.of("tenant-7"));
            out.println("   REVEALED new key (shown once): " + key.key().reveal());
            out.println("   verify(key) -> " + vault.apiKeys().verify(key.key().reveal()).map(OwnerId::value).orElse("invalid"));
            out.println("   verify(wrong key) -> " + vault.apiKeys().verify(key.key().reveal() + "x").map(OwnerId::value).orElse("invalid"));

            step(out, 7, "Journal");
            JournalVerification v = vault.journal().verify();
            out.println("   " + v.checked() + " entries, HMAC chain " + (v.intact() ? "intact" : "BROKEN at " + v.firstBrokenSeq()));
        }
        out.println();
        out.println("Next: ./credvault --help, and the README.");
    }
}
