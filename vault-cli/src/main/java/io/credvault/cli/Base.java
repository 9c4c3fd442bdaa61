package io.credvault.cli;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.Vault;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every vault command shares: the option groups, output, the root's terminal and environment. */
abstract class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, heading = "%nVault location:%n", order = 100)
    VaultOptions.Location location = new VaultOptions.Location();

    @ArgGroup(validate = false, heading = "%nMaster key (one of):%n", order = 200)
    VaultOptions.Key key = new VaultOptions.Key();

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 300)
    Output output = new Output();

    Main root() {
        return (Main) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Terminal terminal() {
        return root().terminal;
    }

    VaultOptions vault() {
        return new VaultOptions(location, key, root().env);
    }

    @Override
    public Integer call() {
        Vault hosted = root().hosted;
        if (hosted != null) { // run inside a host: its vault, which the host closes
            return run(hosted);
        }
        VaultOptions options = vault();
        try (Vault v = options.open(terminal(), false)) {
            return run(v);
        } finally {
            options.forgetPassphrase();
        }
    }

    abstract int run(Vault v);

    /** Prints {@code json} with {@code --format json}, otherwise what {@code text} writes. */
    void print(Map<String, @Nullable Object> json, Consumer<PrintWriter> text) {
        if (output.json()) {
            out().println(Output.toJson(json));
        } else {
            text.accept(out());
        }
        out().flush();
    }

    static OwnerId owner(String value) {
        return OwnerId.of(value);
    }

    static CredentialId id(String value) {
        return CredentialId.of(value);
    }

    static @Nullable Instant instant(String field, @Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(5, field + ": '" + text + "' is not an ISO-8601 instant like 2027-01-31T00:00:00Z");
        }
    }

    static String orDash(@Nullable Object o) {
        return o == null ? "-" : o.toString();
    }
}
