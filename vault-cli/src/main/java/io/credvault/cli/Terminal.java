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
    private final BufferedReader in;

    Terminal(@Nullable Console console, InputStream in) {
        this.console = console;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
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
