package io.credvault.cli;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.PageRequest;
import io.credvault.ProviderCall;
import io.credvault.ProviderCallRecord;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.Vault;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands on one credential. Secret values are read from a file or a no-echo prompt, never from arguments. */
final class CredentialCommands {
    private CredentialCommands() {
    }

    /** Secret input: {@code --secrets-file} lines {@code field=value} ({@code -} for standard input), or prompts. */
    static final class SecretInput {
        @Option(names = "--secrets-file", paramLabel = "PATH", description = "Secret fields as field=value lines ('-' reads standard input)")
        @Nullable Path file;

        @Option(names = "--secret", paramLabel = "FIELD", description = "Prompt (no echo) for this secret field; repeatable")
        List<String> prompted = new ArrayList<>();

        SecretFields read(Terminal terminal) {
            SecretFields.Builder b = SecretFields.builder();
            if (file != null) {
                List<String> lines;
                try {
                    lines = file.toString().equals("-")
                            ? terminal.readAll().lines().toList()
                            : Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CliException(1, "cannot read secrets file " + file + ": " + e.getMessage());
                }
                int n = 0;
                for (String line : lines) {
                    n++;
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        throw new CliException(5, "secrets file line " + n + ": expected field=value");
                    }
                    b.put(line.substring(0, eq).strip(), line.substring(eq + 1));
                }
            }
            for (String field : prompted) {
                char[] value = terminal.readSecret(field + ": ");
                b.put(field, SecretValue.of(new String(value)));
                Arrays.fill(value, '\0');
            }
            return b.build();
        }
    }

    static void describe(PrintWriter out, CredentialMetadata m) {
        out.println("id:          " + m.id());
        out.println("owner:       " + m.owner());
        out.println("name:        " + m.name());
        out.println("description: " + Base.orDash(m.description()));
        out.println("provider:    " + m.provider());
        out.println("category:    " + Base.orDash(m.category()));
        out.println("status:      " + m.status());
        out.println("fields:      " + String.join(", ", new TreeSet<>(m.secretFieldNames())));
        out.println("version:     " + m.version());
        out.println("key version: " + m.keyVersion());
        out.println("fingerprint: " + m.fingerprint());
        out.println("created:     " + m.dateCreated());
        out.println("updated:     " + m.lastUpdated());
        out.println("last used:   " + Base.orDash(m.lastUsed()));
        out.println("expires:     " + Base.orDash(m.expiresAt()));
        new TreeMap<>(m.secretExpiries()).forEach((field, at) -> out.println("  " + field + " expires: " + at));
        out.println("checked:     " + Base.orDash(m.lastCheckedAt()) + (m.consecutiveFailures() > 0
                ? " (" + m.consecutiveFailures() + " failure(s) in a row)" : ""));
        out.println("deleted:     " + Base.orDash(m.deletedAt()));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a credential; prints its metadata.")
    static final class Create extends Base {
        @Option(names = "--owner", required = true, description = "Owner id (user, workspace, tenant)")
        String owner;
        @Option(names = "--provider", required = true, description = "Provider, e.g. github, aws, oauth2, generic (its schema names the fields)")
        String provider;
        @Option(names = "--name", required = true, description = "Name, unique among the owner's active credentials")
        String name;
        @Option(names = "--description", description = "Free text")
        @Nullable String description;
        @Option(names = "--category", description = "A label to filter lists by")
        @Nullable String category;
        @Option(names = "--expires", paramLabel = "INSTANT", description = "When the credential expires, e.g. 2027-01-31T00:00:00Z")
        @Nullable String expires;
        @Mixin
        SecretInput secrets = new SecretInput();

        @Override
        int run(Vault v) {
            CredentialMetadata m = v.create(owner(owner), NewCredential.builder(provider, name).description(description)
                    .category(category).expiresAt(instant("expires", expires)).secrets(secrets.read(terminal())).build());
            print(Output.credential(m), out -> out.println("created " + m.id() + " (" + m.provider() + ", fields "
                    + String.join(",", new TreeSet<>(m.secretFieldNames())) + ", version " + m.version() + ")"));
            return 0;
        }
    }

    abstract static class OneCredential extends Base {
        @Option(names = "--owner", required = true, description = "The credential's owner (another owner's id is not found)")
        String owner;
        @Parameters(index = "0", paramLabel = "ID", description = "Credential id")
        String id;
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a credential's metadata (never its secret).")
    static final class Describe extends OneCredential {
        @Override
        int run(Vault v) {
            CredentialMetadata m = v.describe(owner(owner), id(id));
            print(Output.credential(m), out -> describe(out, m));
            return 0;
        }
    }

    @Command(name = "reveal", mixinStandardHelpOptions = true,
            description = "Print a credential's secret fields: the only command that shows secrets.")
    static final class Reveal extends OneCredential {
        @Option(names = "--field", paramLabel = "NAME", description = "Print only this field's raw value and a newline, for scripts")
        @Nullable String field;

        @Override
        int run(Vault v) {
            RevealedCredential r = v.reveal(owner(owner), id(id));
            if (field != null) {
                SecretValue value = r.secrets().asMap().get(field);
                if (value == null) {
                    throw new CliException(5, "--field: " + r.metadata().id() + " has no field '" + field + "'; it has "
                            + String.join(", ", new TreeSet<>(r.secrets().asMap().keySet())));
                }
                out().println(value.reveal());
                return 0;
            }
            Map<String, String> values = new TreeMap<>();
            r.secrets().asMap().forEach((name, value) -> values.put(name, value.reveal()));
            Map<String, @Nullable Object> json = Output.credential(r.metadata());
            json.put("secrets", values);
            print(json, out -> {
                out.println("REVEALED secret fields of " + r.metadata().id() + " (" + r.metadata().name() + "):");
                values.forEach((name, value) -> out.println("  " + name + " = " + value));
            });
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change metadata and/or secret fields; fields not given keep their values.")
    static final class Update extends OneCredential {
        @Option(names = "--expected-version", required = true, description = "The version you read (compare-and-set)")
        long version;
        @Option(names = "--name", description = "New name")
        @Nullable String name;
        @Option(names = "--description", description = "New description")
        @Nullable String description;
        @Option(names = "--category", description = "New category")
        @Nullable String category;
        @Option(names = "--expires", paramLabel = "INSTANT", description = "New expiry, e.g. 2027-01-31T00:00:00Z")
        @Nullable String expires;
        @Option(names = "--remove-secret", paramLabel = "FIELD", description = "Remove an optional secret field; repeatable")
        List<String> remove = new ArrayList<>();
        @Mixin
        SecretInput secrets = new SecretInput();

        @Override
        int run(Vault v) {
            CredentialUpdate.Builder b = CredentialUpdate.builder().secrets(secrets.read(terminal()));
            if (name != null) {
                b.name(name);
            }
            if (description != null) {
                b.description(description);
            }
            if (category != null) {
                b.category(category);
            }
            if (expires != null) {
                b.expiresAt(instant("expires", expires));
            }
            remove.forEach(b::removeSecret);
            CredentialMetadata m = v.update(owner(owner), id(id), version, b.build());
            print(Output.credential(m), out -> out.println("updated " + m.id() + " to version " + m.version()));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Soft-delete a credential; restore undoes it.")
    static final class Delete extends OneCredential {
        @Override
        int run(Vault v) {
            CredentialMetadata m = v.delete(owner(owner), id(id));
            print(Output.credential(m), out -> out.println("deleted " + m.id()));
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Undo a soft delete.")
    static final class Restore extends OneCredential {
        @Override
        int run(Vault v) {
            CredentialMetadata m = v.restore(owner(owner), id(id));
            print(Output.credential(m), out -> out.println("restored " + m.id()));
            return 0;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Remove a credential and its secret for good (needs --yes).")
    static final class Purge extends OneCredential {
        @Option(names = "--yes", required = true, description = "Required: confirms that purging cannot be undone")
        boolean yes;

        @Override
        int run(Vault v) {
            v.purge(owner(owner), id(id));
            print(Output.object("purged", id), out -> out.println("purged " + id));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {
            "Show a credential's health and recent provider calls; record a call or set the status.",
            "--record CODE|timeout records a provider call's outcome, --set STATUS sets the status directly."})
    static final class Status extends OneCredential {
        @Option(names = "--record", paramLabel = "CODE|timeout", description = "Record a provider call outcome (HTTP status or 'timeout')")
        @Nullable String record;
        @Option(names = "--set", paramLabel = "STATUS", description = "Set the status directly: ${COMPLETION-CANDIDATES}")
        @Nullable CredentialStatus set;
        @Option(names = "--calls", defaultValue = "5", description = "Recent calls to show, 1..1000 (default ${DEFAULT-VALUE})")
        int calls;

        @Override
        int run(Vault v) {
            if (record != null) {
                ProviderCall call;
                try {
                    call = record.equals("timeout") ? ProviderCall.timeout() : ProviderCall.status(Integer.parseInt(record));
                } catch (NumberFormatException e) {
                    throw new CliException(5, "--record: '" + record + "' is not an HTTP status or 'timeout'");
                }
                v.health().record(owner(owner), id(id), call);
            }
            if (set != null) {
                v.setStatus(owner(owner), id(id), set);
            }
            CredentialMetadata m = v.describe(owner(owner), id(id));
            List<ProviderCallRecord> recent = v.health().calls(owner(owner), id(id), PageRequest.first(calls)).items();
            List<Map<String, @Nullable Object>> json = new ArrayList<>();
            for (ProviderCallRecord c : recent) {
                json.add(Output.object("at", c.at(), "statusCode", c.statusCode(), "timeout", c.statusCode() == null,
                        "status", c.status() == null ? null : c.status().name()));
            }
            Map<String, @Nullable Object> all = Output.credential(m);
            all.put("calls", json);
            print(all, out -> {
                out.println(m.id() + " " + m.name() + ": " + m.status());
                for (ProviderCallRecord c : recent) {
                    out.println("  " + c.at() + "  " + (c.statusCode() == null ? "timeout" : c.statusCode()) + "  -> " + orDash(c.status()));
                }
            });
            return 0;
        }
    }
}
