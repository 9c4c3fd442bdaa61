package io.credvault.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code credvault} operator tool. */
@Command(name = "credvault", mixinStandardHelpOptions = true, version = "credvault 0.1.0",
        description = "Operate a credvault: credentials, keys, journal.",
        subcommands = {DemoCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
