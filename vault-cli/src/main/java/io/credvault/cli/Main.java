package io.credvault.cli;

import io.credvault.ConflictException;
import io.credvault.CredentialNotFoundException;
import io.credvault.IntegrityException;
import io.credvault.KeyUnavailableException;
import io.credvault.StorageException;
import io.credvault.ValidationException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code credvault} operator tool. Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 conflict,
 * 5 invalid input, 6 integrity failure, 7 key unavailable, 8 database error.
 */
@Command(name = "credvault", mixinStandardHelpOptions = true, version = "credvault 0.1.0",
        description = "Operate a credvault: credentials, keys, journal, API keys.",
        subcommands = {InitCommand.class, CredentialCommands.Create.class, CredentialCommands.ListCmd.class,
                CredentialCommands.Describe.class, CredentialCommands.Reveal.class, CredentialCommands.Update.class,
                CredentialCommands.Delete.class, CredentialCommands.Restore.class, CredentialCommands.Purge.class,
                CredentialCommands.Status.class, CredentialCommands.Events.class, KeyCommands.class, KeyCommands.MasterKeyGroup.class,
                KeyCommands.JournalGroup.class, ApiKeyCommands.class, DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:error", "2:usage", "3:not found", "4:conflict", "5:invalid input",
                "6:integrity failure (tampered data, broken journal)", "7:key unavailable (wrong or missing master key)",
                "8:database error"})
public final class Main {
    final Terminal terminal;
    final Map<String, String> env;

    Main(Terminal terminal, Map<String, String> env) {
        this.terminal = terminal;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), Terminal.system(), System.getenv()));
    }

    /** Runs one command line; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Terminal terminal, Map<String, String> env) {
        CommandLine cl = new CommandLine(new Main(terminal, env));
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
