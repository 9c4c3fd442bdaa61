package io.credvault.cli;

import io.credvault.KeyUnavailableException;
import io.credvault.Vault;
import io.credvault.crypto.MasterKey;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true, description = {
        "Create a new vault; the master key comes from one of the master-key options.",
        "--new-key-file writes a fresh random key file (mode 600) and uses it; a prompted passphrase is asked twice."})
final class InitCommand extends Base {
    @Option(names = "--new-key-file", paramLabel = "PATH", description = "Generate a random 256-bit master key into this new file")
    @Nullable Path newKeyFile;

    @Override
    public Integer call() {
        if (root().hosted != null) {
            throw new CliException(2, "init creates a vault; inside a host the vault is already open");
        }
        VaultOptions vault = vault();
        if (vault.exists()) { // on a server: a key check in the schema (a schema with data but none refuses at open)
            throw new CliException(4, "a vault already exists at " + vault.location());
        }
        if (newKeyFile != null) {
            generateKeyFile(newKeyFile);
            vault.useKeyFile(newKeyFile);
        }
        try (Vault v = vault.open(terminal(), true)) {
            int primary = v.keys().usage().primaryVersion();
            print(Output.object("location", vault.location(), "primaryKeyVersion", primary,
                    "keyFile", newKeyFile == null ? null : newKeyFile.toAbsolutePath().toString()), out -> {
                        out.println("initialised vault at " + vault.location());
                        out.println("data key version " + primary + " is primary");
                        if (newKeyFile != null) {
                            out.println("master key written to " + newKeyFile.toAbsolutePath() + " (keep it apart from the database)");
                        }
                    });
        }
        return 0;
    }

    @Override
    int run(Vault v) {
        throw new UnsupportedOperationException("init opens the vault itself");
    }

    /** A new random master key in a new owner-only file; an existing file is never overwritten (exit 4). */
    static MasterKey generateKeyFile(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
                java.nio.file.Files.createDirectories(parent);
            }
            return MasterKey.generateTo(file);
        } catch (java.io.IOException e) {
            throw new CliException(1, "cannot create the directory of " + file + ": " + e.getMessage());
        } catch (KeyUnavailableException e) {
            throw new CliException(java.nio.file.Files.exists(file) ? 4 : 1, String.valueOf(e.getMessage()));
        }
    }
}
