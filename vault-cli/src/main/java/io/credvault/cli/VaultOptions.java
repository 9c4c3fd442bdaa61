package io.credvault.cli;

import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.jdbc.JdbcBackend;
import io.credvault.spi.KeyWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the vault is and how its master key is obtained. Shared by every command that opens a vault. */
final class VaultOptions {
    static final String DEFAULT_DB = "credvault-data/vault";

    @Option(names = "--db", paramLabel = "PATH", description = "H2 database file (without .mv.db). Default: $CREDVAULT_DB, else ./"
            + DEFAULT_DB)
    @Nullable Path db;

    @Option(names = "--url", paramLabel = "JDBC_URL", description = "A jdbc:postgresql:, jdbc:mariadb: or jdbc:h2: URL instead of --db. Default: $CREDVAULT_URL")
    @Nullable String url;

    @Option(names = "--key-file", paramLabel = "PATH", description = "Master key file: 32 raw bytes or their Base64")
    @Nullable Path keyFile;

    @Option(names = "--key-env", paramLabel = "VAR", description = "Environment variable holding the master key in Base64. Default: CREDVAULT_MASTER_KEY if set")
    @Nullable String keyEnv;

    @Option(names = "--passphrase", description = "Prompt (no echo) for a passphrase; the key is derived with Argon2id")
    boolean passphrase;

    @Option(names = "--passphrase-file", paramLabel = "PATH", description = "Read the passphrase from the first line of a file")
    @Nullable Path passphraseFile;

    private Map<String, String> env = System.getenv();

    VaultOptions withEnv(Map<String, String> environment) {
        this.env = environment;
        return this;
    }

    String location() {
        if (url != null) {
            return url.replaceAll("password=[^&;]*", "password=***");
        }
        String fromEnv = env.get("CREDVAULT_URL");
        if (db == null && fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.replaceAll("password=[^&;]*", "password=***");
        }
        return dbPath().toAbsolutePath() + ".mv.db";
    }

    Path dbPath() {
        if (db != null) {
            return db;
        }
        String fromEnv = env.get("CREDVAULT_DB");
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DB);
    }

    JdbcBackend backend() {
        String u = url != null ? url : db == null ? env.get("CREDVAULT_URL") : null;
        if (u != null && !u.isBlank()) {
            return JdbcBackend.url(u);
        }
        Path p = dbPath();
        if (p.toAbsolutePath().getParent() != null) {
            try {
                Files.createDirectories(p.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new CliException(1, "cannot create directory " + p.toAbsolutePath().getParent() + ": " + e.getMessage());
            }
        }
        return JdbcBackend.h2File(p);
    }

    private boolean onServer() {
        String u = url != null ? url : db == null ? env.get("CREDVAULT_URL") : null;
        return u != null && !u.isBlank();
    }

    /** Whether a vault is there: its H2 file, or on a server a key check in the schema. */
    boolean exists() {
        if (!onServer()) {
            return Files.exists(Path.of(dbPath() + ".mv.db"));
        }
        try (JdbcBackend b = backend()) {
            return b.setting("keyring.check").isPresent();
        }
    }

    /** Opens the vault, which must exist unless {@code create}. */
    Vault open(Terminal terminal, boolean create) {
        if (!create && !onServer() && !exists()) {
            throw noVault();
        }
        CredVault.Builder b = CredVault.builder().createIfEmpty(create).backend(backend());
        char[] pass = passphrase(terminal);
        if (pass != null) {
            b.masterPassphrase(pass);
            java.util.Arrays.fill(pass, '\0');
        } else {
            b.masterKey(masterKey());
        }
        try {
            return b.build();
        } catch (io.credvault.VaultNotFoundException e) {
            throw noVault();
        }
    }

    CliException noVault() {
        return new CliException(3, "no vault at " + location() + "; run 'credvault init' first or pass --db/--url");
    }

    private char @Nullable [] passphrase(Terminal terminal) {
        if (passphraseFile != null) {
            try {
                String first = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                if (first.isEmpty()) {
                    throw new CliException(5, "passphrase file " + passphraseFile + " is empty");
                }
                return first.toCharArray();
            } catch (IOException e) {
                throw new CliException(1, "cannot read passphrase file " + passphraseFile + ": " + e.getMessage());
            }
        }
        return passphrase ? terminal.readSecret("Master passphrase: ") : null;
    }

    KeyWrapper masterKey() {
        if (keyFile != null) {
            return MasterKey.fromFile(keyFile);
        }
        String var = keyEnv != null ? keyEnv : "CREDVAULT_MASTER_KEY";
        String value = env.get(var);
        if (value == null || value.isBlank()) {
            throw new CliException(7, "no master key: pass --key-file, --key-env VAR, --passphrase or --passphrase-file"
                    + (keyEnv == null ? ", or set CREDVAULT_MASTER_KEY" : " (" + var + " is not set)"));
        }
        return MasterKey.fromBase64(value);
    }
}
