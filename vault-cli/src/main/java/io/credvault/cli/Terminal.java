package io.credvault.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Reads secrets: from the console without echo when there is one, otherwise a line from standard input. */
final class Terminal {
    private final @Nullable Console console;
    private final InputStream raw;
    private final BufferedReader in;

    Terminal(@Nullable Console console, InputStream in) {
        this.console = console;
        this.raw = in;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Standard input as bytes, for a file given as {@code -}; not to be mixed with prompts answered on it. */
    InputStream stdin() {
        return raw;
    }

    static Terminal system() {
        return new Terminal(System.console(), System.in);
    }

    /** The rest of standard input. */
    String readAll() {
        StringBuilder out = new StringBuilder();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new CliException(1, "cannot read standard input: " + e.getMessage());
        }
        return out.toString();
    }

    /**
     * A new secret, asked twice ({@code prompt} and "Repeat ..."): a typo in a new passphrase would lock the vault.
     *
     * @throws CliException (5) if the two differ or the first is empty
     */
    char[] readNewSecret(String prompt) {
        char[] first = readSecret(prompt + ": ");
        char[] second = readSecret("Repeat " + prompt.toLowerCase(java.util.Locale.ROOT) + ": ");
        try {
            if (first.length == 0) {
                throw new CliException(5, prompt.toLowerCase(java.util.Locale.ROOT) + ": empty; nothing was changed");
            }
            if (!java.security.MessageDigest.isEqual(new String(first).getBytes(StandardCharsets.UTF_8),
                    new String(second).getBytes(StandardCharsets.UTF_8))) {
                throw new CliException(5, "the two entries of the " + prompt.toLowerCase(java.util.Locale.ROOT)
                        + " differ; nothing was changed");
            }
            return first;
        } finally {
            java.util.Arrays.fill(second, '\0');
        }
    }

    char[] readSecret(String prompt) {
        if (console != null) {
            char[] value = console.readPassword("%s", prompt);
            if (value == null) {
                throw new CliException(5, "no input for: " + prompt.strip());
            }
            return value;
        }
        try {
            String line = in.readLine();
            if (line == null) {
                throw new CliException(5, "no input on standard input for: " + prompt.strip());
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new CliException(1, "cannot read standard input: " + e.getMessage());
        }
    }
}
