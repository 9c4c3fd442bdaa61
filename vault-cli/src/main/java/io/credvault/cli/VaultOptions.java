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
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the vault is and how its master key is obtained: the two option groups of every command that opens a vault. */
final class VaultOptions {
    static final String DEFAULT_DB = "credvault-data/vault";

    /** The "Vault location" options. */
    static final class Location {
        @Option(names = "--db", paramLabel = "PATH", order = 1,
                description = "H2 database file, without .mv.db. Default: $CREDVAULT_DB, else ./" + DEFAULT_DB)
        @Nullable Path db;

        @Option(names = "--url", paramLabel = "JDBC_URL", order = 2,
                description = "A jdbc:postgresql:, jdbc:mariadb: or jdbc:h2: URL instead of --db. Default: $CREDVAULT_URL")
        @Nullable String url;
    }

    /** The "Master key" options. */
    static final class Key {
        @Option(names = "--key-file", paramLabel = "PATH", order = 10, description = "Master key file: 32 raw bytes or their Base64")
        @Nullable Path keyFile;

        @Option(names = "--key-env", paramLabel = "VAR", order = 11,
                description = "Environment variable holding the master key in Base64. Default: CREDVAULT_MASTER_KEY, if set")
        @Nullable String keyEnv;

        @Option(names = "--passphrase", order = 12, description = "Prompt (no echo) for a passphrase; the key is derived with Argon2id")
        boolean passphrase;

        @Option(names = "--passphrase-file", paramLabel = "PATH", order = 13,
                description = "Read the passphrase from the first line of a file")
        @Nullable Path passphraseFile;
    }

    private final Location location;
    private final Key key;
    private final Map<String, String> env;
    private char @Nullable [] pass;

    VaultOptions(Location location, Key key, Map<String, String> env) {
        this.location = location;
        this.key = key;
        this.env = env;
    }

    private @Nullable String serverUrl() {
        String u = location.url != null ? location.url : location.db == null ? env.get("CREDVAULT_URL") : null;
        return u == null || u.isBlank() ? null : u;
    }

    String location() {
        String u = serverUrl();
        return u != null ? u.replaceAll("(?i)password=[^&;]*", "password=***") : dbPath().toAbsolutePath() + ".mv.db";
    }

    Path dbPath() {
        if (location.db != null) {
            return location.db;
        }
        String fromEnv = env.get("CREDVAULT_DB");
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DB);
    }

    JdbcBackend backend() {
        String u = serverUrl();
        return u != null ? JdbcBackend.url(u) : JdbcBackend.h2File(dbPath());
    }

    /** Whether a vault is there: its H2 file, or on a server a key check in the schema. */
    boolean exists() {
        if (serverUrl() == null) {
            return Files.exists(Path.of(dbPath() + ".mv.db"));
        }
        try (JdbcBackend b = backend()) {
            return b.setting("keyring.check").isPresent();
        }
    }

    /** Opens the vault, which must exist unless {@code create} (then a prompted passphrase is asked twice). */
    Vault open(Terminal terminal, boolean create) {
        if (!create && serverUrl() == null && !exists()) {
            throw noVault();
        }
        if (pass == null) {
            pass = passphrase(terminal, create); // before the database is touched: a mistyped new passphrase makes nothing
        }
        return open(terminal, create, backend());
    }

    /**
     * Opens the vault in {@code backend} with this command's master key; a passphrase is asked once per command
     * and kept (in memory) for the command's other vaults, such as a copy's target.
     */
    Vault open(Terminal terminal, boolean create, io.credvault.spi.VaultBackend backend) {
        if (pass == null) {
            pass = passphrase(terminal, create);
        }
        KeyWrapper masterKey = pass == null ? masterKey() : null;
        CredVault.Builder b = CredVault.builder().createIfEmpty(create).backend(backend);
        if (pass != null) {
            b.masterPassphrase(pass.clone()); // the builder clears its copy
        } else {
            b.masterKey(java.util.Objects.requireNonNull(masterKey));
        }
        try {
            return b.build();
        } catch (io.credvault.VaultNotFoundException e) {
            throw noVault();
        }
    }

    /** Forgets a passphrase kept for the command. */
    void forgetPassphrase() {
        if (pass != null) {
            Arrays.fill(pass, '\0');
            pass = null;
        }
    }

    /** Uses {@code file} as the master key file (init writes a new one there). */
    void useKeyFile(Path file) {
        key.keyFile = file;
    }

    CliException noVault() {
        return new CliException(3, "no vault at " + location() + "; run 'credvault init' first or pass --db/--url");
    }

    private char @Nullable [] passphrase(Terminal terminal, boolean create) {
        if (key.passphraseFile != null) {
            return readPassphraseFile(key.passphraseFile);
        }
        if (!key.passphrase) {
            return null;
        }
        return create ? terminal.readNewSecret("New master passphrase") : terminal.readSecret("Master passphrase: ");
    }

    /** The first line of a passphrase file. */
    static char[] readPassphraseFile(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new CliException(5, "passphrase file " + file + " is empty");
            }
            return first.toCharArray();
        } catch (IOException e) {
            throw new CliException(1, "cannot read passphrase file " + file + ": " + e.getMessage());
        }
    }

    KeyWrapper masterKey() {
        if (key.keyFile != null) {
            return MasterKey.fromFile(key.keyFile);
        }
        String var = key.keyEnv != null ? key.keyEnv : "CREDVAULT_MASTER_KEY";
        String value = env.get(var);
        if (value == null || value.isBlank()) {
            throw new CliException(7, "no master key: pass --key-file, --key-env VAR, --passphrase or --passphrase-file"
                    + (key.keyEnv == null ? ", or set CREDVAULT_MASTER_KEY" : " (" + var + " is not set)"));
        }
        return MasterKey.fromBase64(value);
    }
}
