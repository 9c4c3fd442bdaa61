package io.credvault.cli;

import io.credvault.ApiKeyInfo;
import io.credvault.IssuedApiKey;
import io.credvault.OwnerId;
import io.credvault.Vault;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code credvault apikey ...}: API keys issued to the host's users. */
@Command(name = "apikey", mixinStandardHelpOptions = true, description = "API keys issued to your users (shown once, stored hashed).",
        subcommands = {ApiKeyCommands.Create.class, ApiKeyCommands.Rotate.class, ApiKeyCommands.Delete.class, ApiKeyCommands.Verify.class})
final class ApiKeyCommands {
    private ApiKeyCommands() {
    }

    static void printIssued(java.io.PrintWriter out, IssuedApiKey k) {
        out.println("API key for " + k.info().owner() + " (shown once, store it now):");
        out.println("  " + k.key().reveal());
        out.println("prefix " + k.info().prefix() + ", id " + k.info().id());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Issue the owner's API key (one active key per owner).")
    static final class Create extends Base {
        @Option(names = "--owner", required = true)
        String owner;

        @Override
        int run(Vault v) {
            printIssued(out(), v.apiKeys().create(owner(owner)));
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Replace the owner's key; the old one verifies for --grace more.")
    static final class Rotate extends Base {
        @Option(names = "--owner", required = true)
        String owner;
        @Option(names = "--grace", defaultValue = "0", description = "e.g. 24h; 0 stops the old key at once (default)")
        String grace;

        @Override
        int run(Vault v) {
            printIssued(out(), v.apiKeys().rotate(owner(owner), duration("grace", grace)));
            for (ApiKeyInfo i : v.apiKeys().list(owner(owner))) {
                if (i.state() == io.credvault.ApiKeyState.GRACE) {
                    out().println("old key " + i.prefix() + " verifies until " + i.graceUntil());
                }
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Revoke the owner's keys.")
    static final class Delete extends Base {
        @Option(names = "--owner", required = true)
        String owner;

        @Override
        int run(Vault v) {
            out().println(v.apiKeys().delete(owner(owner)) ? "revoked the API key(s) of " + owner : "no live API key for " + owner);
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
            out().println("valid: owner " + owner.get());
            return 0;
        }
    }
}
