package io.credvault.cli;

import io.credvault.ApiKeyInfo;
import io.credvault.IssuedApiKey;
import io.credvault.OwnerId;
import io.credvault.Vault;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credvault apikey ...}: API keys issued to the host's users. */
@Command(name = "apikey", mixinStandardHelpOptions = true, description = "API keys issued to your users (shown once, stored hashed).",
        subcommands = {ApiKeyCommands.Create.class, ApiKeyCommands.Rotate.class, ApiKeyCommands.Delete.class, ApiKeyCommands.Verify.class})
final class ApiKeyCommands {
    private ApiKeyCommands() {
    }

    static java.util.Map<String, @Nullable Object> info(ApiKeyInfo i) {
        return Output.object("id", i.id(), "owner", i.owner().value(), "prefix", i.prefix(), "state", i.state().name(),
                "createdAt", i.createdAt(), "graceUntil", i.graceUntil(), "lastUsedAt", i.lastUsed());
    }

    /** The new key: the one output that carries it, shown once. */
    static void printIssued(Base command, IssuedApiKey k, java.util.List<ApiKeyInfo> grace) {
        java.util.Map<String, @Nullable Object> json = info(k.info());
        json.put("key", k.key().reveal());
        json.put("previous", grace.stream().map(ApiKeyCommands::info).toList());
        command.print(json, out -> {
            out.println("API key for " + k.info().owner() + " (shown once, store it now):");
            out.println("  " + k.key().reveal());
            out.println("prefix " + k.info().prefix() + ", id " + k.info().id());
            grace.forEach(i -> out.println("old key " + i.prefix() + " verifies until " + i.graceUntil()));
        });
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Issue the owner's API key (one active key per owner).")
    static final class Create extends Base {
        @Option(names = "--owner", required = true, description = "The owner the key authenticates as")
        String owner;

        @Override
        int run(Vault v) {
            printIssued(this, v.apiKeys().create(owner(owner)), java.util.List.of());
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Replace the owner's key; the old one verifies for --grace more.")
    static final class Rotate extends Base {
        @Option(names = "--owner", required = true, description = "The owner whose key is replaced")
        String owner;
        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "0",
                description = "How long the old key still verifies: " + Durations.FORMS + " (default 0: it stops at once)")
        java.time.Duration grace;

        @Override
        int run(Vault v) {
            IssuedApiKey issued = v.apiKeys().rotate(owner(owner), grace);
            printIssued(this, issued, v.apiKeys().list(owner(owner)).stream()
                    .filter(i -> i.state() == io.credvault.ApiKeyState.GRACE).toList());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Revoke the owner's keys.")
    static final class Delete extends Base {
        @Option(names = "--owner", required = true, description = "The owner whose keys are revoked")
        String owner;

        @Override
        int run(Vault v) {
            boolean revoked = v.apiKeys().delete(owner(owner));
            print(Output.object("owner", owner, "revoked", revoked),
                    out -> out.println(revoked ? "revoked the API key(s) of " + owner : "no live API key for " + owner));
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a key read from the prompt (no echo) or standard input; exit 3 if invalid.")
    static final class Verify extends Base {
        @Override
        int run(Vault v) {
            char[] key = terminal().readSecret("API key: ");
            Optional<OwnerId> owner = v.apiKeys().verify(new String(key));
            java.util.Arrays.fill(key, '\0');
            if (owner.isEmpty()) {
                throw new CliException(3, "invalid API key");
            }
            print(Output.object("valid", true, "owner", owner.get().value()), out -> out.println("valid: owner " + owner.get()));
            return 0;
        }
    }
}
