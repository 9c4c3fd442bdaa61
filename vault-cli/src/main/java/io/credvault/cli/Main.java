package io.credvault.cli;

import io.credvault.ConflictException;
import io.credvault.CredentialNotFoundException;
import io.credvault.IntegrityException;
import io.credvault.KeyUnavailableException;
import io.credvault.StorageException;
import io.credvault.ValidationException;
import java.io.PrintWriter;
import io.credvault.Vault;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code credvault} operator tool. Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 conflict,
 * 5 invalid input, 6 integrity failure, 7 key unavailable, 8 database error.
 */
@Command(name = "credvault", mixinStandardHelpOptions = true, version = "credvault 0.1.0",
        description = "Operate a credvault: credentials, keys, journal, API keys.",
        subcommands = {InitCommand.class, CredentialCommands.Create.class, ListCommands.ListCmd.class,
                CredentialCommands.Describe.class, CredentialCommands.Reveal.class, CredentialCommands.Update.class,
                CredentialCommands.Delete.class, CredentialCommands.Restore.class, CredentialCommands.Purge.class,
                CredentialCommands.Status.class, ListCommands.Events.class, KeyCommands.class, KeyCommands.MasterKeyGroup.class,
                KeyCommands.JournalGroup.class, ApiKeyCommands.class, TransferCommands.Export.class, TransferCommands.Import.class, CopyCommand.class, DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:error", "2:usage", "3:not found", "4:conflict", "5:invalid input",
                "6:integrity failure (tampered data, broken journal)", "7:key unavailable (wrong or missing master key)",
                "8:database error"})
public final class Main {
    final Terminal terminal;
    final Map<String, String> env;
    /** The host's open vault when the commands run inside a host ({@link #runHosted}); null in the executable. */
    final @Nullable Vault hosted;

    Main(Terminal terminal, Map<String, String> env, @Nullable Vault hosted) {
        this.terminal = terminal;
        this.env = env;
        this.hosted = hosted;
    }

    /**
     * Runs the executable: one command line, then exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // the executable jar logs through slf4j-simple to standard error: warnings and errors, unless set otherwise
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), Terminal.system(), System.getenv()));
    }

    /**
     * Runs one command against a vault the host already has open, as an operator would from a shell: how an
     * embedded (H2) vault, which one process opens at a time, is operated while its host runs. The host decides who
     * may call it (an admin endpoint, a management console). The vault's location and master-key options are
     * ignored, {@code init} and {@code demo} are refused, secrets are read from {@code in} where a command reads
     * standard input, and the vault is left open.
     *
     * @param vault the host's vault
     * @param in    what the command reads as standard input (a secrets file of "-", a prompted value)
     * @param out   the command's output
     * @param err   its error messages
     * @param args  the command line, e.g. {@code "key", "usage", "--format", "json"}
     * @return the exit code the executable would return (0 ok, 2 usage, 3 not found, ...; see {@code --help})
     */
    public static int runHosted(Vault vault, java.io.InputStream in, PrintWriter out, PrintWriter err, String... args) {
        return run(args, out, err, new Terminal(null, in), Map.of(), java.util.Objects.requireNonNull(vault, "vault"));
    }

    /** Runs one command line; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Terminal terminal, Map<String, String> env) {
        return run(args, out, err, terminal, env, null);
    }

    private static int run(String[] args, PrintWriter out, PrintWriter err, Terminal terminal, Map<String, String> env,
                           @Nullable Vault hosted) {
        CommandLine cl = new CommandLine(new Main(terminal, env, hosted));
        cl.registerConverter(java.time.Duration.class, new Durations());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("credvault: " + oneLine(ex));
            line.getErr().flush();
            return exitCode(ex);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int exitCode(Exception e) {
        if (e instanceof CliException c) {
            return c.exitCode();
        }
        if (e instanceof CredentialNotFoundException || e instanceof io.credvault.VaultNotFoundException) {
            return 3;
        }
        if (e instanceof ConflictException) {
            return 4;
        }
        if (e instanceof ValidationException || e instanceof IllegalArgumentException) {
            return 5;
        }
        if (e instanceof IntegrityException) {
            return 6;
        }
        if (e instanceof KeyUnavailableException) {
            return 7;
        }
        if (e instanceof StorageException) {
            return 8;
        }
        return 1;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
