package io.credvault.cli;

import io.credvault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true, description = {
        "Create a new vault. The master key comes from --key-file, --key-env/$CREDVAULT_MASTER_KEY, a --passphrase",
        "prompt or --passphrase-file; --new-key-file writes a fresh random key file (mode 600) and uses it."})
final class InitCommand extends Base {
    @Option(names = "--new-key-file", paramLabel = "PATH", description = "Generate a random 256-bit master key into this new file")
    @Nullable Path newKeyFile;

    @Override
    public Integer call() {
        vault.withEnv(root().env);
        if (vault.exists()) { // on a server: a key check in the schema (a schema with data but none refuses at open)
            throw new CliException(4, "a vault already exists at " + vault.location());
        }
        if (newKeyFile != null) {
            writeKeyFile(newKeyFile);
            vault.keyFile = newKeyFile;
        }
        try (Vault v = vault.open(terminal(), true)) {
            out().println("initialised vault at " + vault.location());
            out().println("data key version " + v.keys().usage().primaryVersion() + " is primary");
            if (newKeyFile != null) {
                out().println("master key written to " + newKeyFile.toAbsolutePath() + " (keep it apart from the database)");
            }
        }
        return 0;
    }

    @Override
    int run(Vault v) {
        throw new UnsupportedOperationException();
    }

    static void writeKeyFile(Path file) {
        if (Files.exists(file)) {
            throw new CliException(4, "key file " + file + " already exists; refusing to overwrite a master key");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on non-POSIX file systems
            }
        } catch (IOException e) {
            throw new CliException(1, "cannot write key file " + file + ": " + e.getMessage());
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}
