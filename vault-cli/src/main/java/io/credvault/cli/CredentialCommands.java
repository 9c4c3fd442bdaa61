package io.credvault.cli;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.Page;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands on credentials. Secret values are read from a file or a no-echo prompt, never from arguments. */
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
                java.util.Arrays.fill(value, '\0');
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
        out.println("fields:      " + String.join(", ", new java.util.TreeSet<>(m.secretFieldNames())));
        out.println("version:     " + m.version());
        out.println("key version: " + m.keyVersion());
        out.println("fingerprint: " + m.fingerprint());
        out.println("created:     " + m.dateCreated());
        out.println("updated:     " + m.lastUpdated());
        out.println("last used:   " + Base.orDash(m.lastUsed()));
        out.println("expires:     " + Base.orDash(m.expiresAt()));
        m.secretExpiries().forEach((field, at) -> out.println("  " + field + " expires: " + at));
        out.println("checked:     " + Base.orDash(m.lastCheckedAt()) + (m.consecutiveFailures() > 0
                ? " (" + m.consecutiveFailures() + " failure(s) in a row)" : ""));
        out.println("deleted:     " + Base.orDash(m.deletedAt()));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a credential.")
    static final class Create extends Base {
        @Option(names = "--owner", required = true, description = "Owner id (user, workspace, tenant)")
        String owner;
        @Option(names = "--provider", required = true, description = "Provider, e.g. github, aws, sentera, generic")
        String provider;
        @Option(names = "--name", required = true)
        String name;
        @Option(names = "--description")
        @Nullable String description;
        @Option(names = "--category")
        @Nullable String category;
        @Option(names = "--expires", paramLabel = "INSTANT", description = "e.g. 2027-01-31T00:00:00Z")
        @Nullable String expires;
        @picocli.CommandLine.Mixin
        SecretInput secrets = new SecretInput();

        @Override
        int run(Vault v) {
            CredentialMetadata m = v.create(owner(owner), NewCredential.builder(provider, name).description(description)
                    .category(category).expiresAt(instant("expires", expires)).secrets(secrets.read(terminal())).build());
            out().println("created " + m.id() + " (" + m.provider() + ", fields " + String.join(",", new java.util.TreeSet<>(m.secretFieldNames()))
                    + ", version " + m.version() + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an owner's credentials (metadata only), "
            + "or with --expiring-within those that expire soon, earliest first.")
    static final class ListCmd extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope = new Scope();
        @Option(names = "--expiring-within", paramLabel = "DURATION",
                description = "Only active credentials whose next expiry (their own or a secret field's) is within this "
                        + "time from now, expired ones included, earliest first: e.g. 7d, 24h, 30m")
        @Nullable String expiringWithin;
        @Option(names = "--provider")
        @Nullable String provider;
        @Option(names = "--category")
        @Nullable String category;
        @Option(names = "--status", description = "One of: ${COMPLETION-CANDIDATES}")
        @Nullable CredentialStatus status;
        @Option(names = "--prefix", description = "Name prefix")
        @Nullable String prefix;
        @Option(names = "--deleted", description = "List deleted credentials instead")
        boolean deleted;
        @Option(names = "--all", description = "List active and deleted")
        boolean all;
        @Option(names = "--limit", defaultValue = "50", description = "Page size, 1..1000 (default ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--cursor", description = "Cursor printed by the previous page")
        @Nullable String cursor;

        @Override
        int run(Vault v) {
            if (expiringWithin != null) {
                return expiring(v, duration("--expiring-within", expiringWithin));
            }
            if (scope.allOwners) {
                throw new CliException(5, "--all-owners goes with --expiring-within; to list credentials, name one --owner");
            }
            ListFilter f = new ListFilter(provider, category, status, prefix,
                    all ? ListFilter.Deletion.ALL : deleted ? ListFilter.Deletion.DELETED : ListFilter.Deletion.ACTIVE);
            Page<CredentialMetadata> page = v.list(owner(requiredOwner()), f, new PageRequest(cursor, limit));
            String row = "%-26s  %-24s  %-16s  %-14s  %-24s  %3s  %3s  %s%n";
            out().printf(row, "ID", "NAME", "PROVIDER", "CATEGORY", "STATUS", "VER", "KEY", "LAST USED");
            for (CredentialMetadata m : page.items()) {
                out().printf(row, m.id(), cut(m.name(), 24) + (m.deleted() ? " (deleted)" : ""), m.provider(), cut(orDash(m.category()), 14),
                        m.status(), m.version(), m.keyVersion(), orDash(m.lastUsed()));
            }
            return footer(page);
        }

        private int expiring(Vault v, java.time.Duration within) {
            if (provider != null || category != null || status != null || prefix != null || deleted || all) {
                throw new CliException(5, "--expiring-within lists active credentials and takes no other filter");
            }
            PageRequest request = new PageRequest(cursor, limit);
            Page<CredentialMetadata> page = scope.allOwners ? v.lifecycle().expiring(within, request)
                    : v.expiring(owner(requiredOwner()), within, request);
            String row = "%-26s  %-20s  %-24s  %-16s  %-24s  %s%n";
            out().printf(row, "ID", "OWNER", "NAME", "PROVIDER", "STATUS", "NEXT EXPIRY");
            for (CredentialMetadata m : page.items()) {
                out().printf(row, m.id(), cut(m.owner().value(), 20), cut(m.name(), 24), m.provider(), m.status(), orDash(m.nextExpiry()));
            }
            return footer(page);
        }

        private String requiredOwner() {
            if (scope.owner == null) {
                throw new CliException(5, "--owner is required");
            }
            return scope.owner;
        }

        /** Whose credentials: one owner's, or (for the expiry listing) every owner's. */
        static final class Scope {
            @Option(names = "--owner", required = true, description = "Owner id (user, workspace, tenant)")
            @Nullable String owner;
            @Option(names = "--all-owners", required = true, description = "With --expiring-within: every owner's credentials")
            boolean allOwners;
        }

        private int footer(Page<CredentialMetadata> page) {
            out().println(page.items().size() + " credential(s)" + (page.hasNext() ? "; next page: --cursor " + page.nextCursor() : ""));
            return 0;
        }

        private static String cut(String s, int n) {
            return s.length() <= n ? s : s.substring(0, n - 1) + "…";
        }
    }

    abstract static class OneCredential extends Base {
        @Option(names = "--owner", required = true)
        String owner;
        @Parameters(index = "0", paramLabel = "ID", description = "Credential id")
        String id;
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a credential's metadata (never its secret).")
    static final class Describe extends OneCredential {
        @Override
        int run(Vault v) {
            describe(out(), v.describe(owner(owner), id(id)));
            return 0;
        }
    }

    @Command(name = "reveal", mixinStandardHelpOptions = true, description = "Print a credential's secret fields. The only command that shows secrets.")
    static final class Reveal extends OneCredential {
        @Override
        int run(Vault v) {
            RevealedCredential r = v.reveal(owner(owner), id(id));
            out().println("REVEALED secret fields of " + r.metadata().id() + " (" + r.metadata().name() + "):");
            r.secrets().asMap().forEach((field, value) -> out().println("  " + field + " = " + value.reveal()));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change metadata and/or secret fields (fields not given keep their values).")
    static final class Update extends OneCredential {
        @Option(names = "--expected-version", required = true, description = "The version you read (compare-and-set)")
        long version;
        @Option(names = "--name")
        @Nullable String name;
        @Option(names = "--description")
        @Nullable String description;
        @Option(names = "--category")
        @Nullable String category;
        @Option(names = "--expires", paramLabel = "INSTANT")
        @Nullable String expires;
        @Option(names = "--remove-secret", paramLabel = "FIELD", description = "Remove an optional secret field; repeatable")
        List<String> remove = new ArrayList<>();
        @picocli.CommandLine.Mixin
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
            out().println("updated " + m.id() + " to version " + m.version());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Soft-delete a credential (restore undoes it).")
    static final class Delete extends OneCredential {
        @Override
        int run(Vault v) {
            out().println("deleted " + v.delete(owner(owner), id(id)).id());
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Undo a soft delete.")
    static final class Restore extends OneCredential {
        @Override
        int run(Vault v) {
            out().println("restored " + v.restore(owner(owner), id(id)).id());
            return 0;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Remove a credential and its secret for good.")
    static final class Purge extends OneCredential {
        @Option(names = "--yes", description = "Confirm: purging cannot be undone")
        boolean yes;

        @Override
        int run(Vault v) {
            if (!yes) {
                throw new CliException(5, "purge is permanent; add --yes to confirm");
            }
            v.purge(owner(owner), id(id));
            out().println("purged " + id);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {"Show a credential's health and recent provider calls;",
            "--record CODE|timeout records a provider call, --set STATUS sets it."})
    static final class Status extends OneCredential {
        @Option(names = "--record", paramLabel = "CODE|timeout", description = "Record a provider call outcome (HTTP status or 'timeout')")
        @Nullable String record;
        @Option(names = "--set", description = "Set the status directly: ${COMPLETION-CANDIDATES}")
        @Nullable CredentialStatus set;
        @Option(names = "--calls", defaultValue = "5", description = "Recent calls to show (default ${DEFAULT-VALUE})")
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
            out().println(m.id() + " " + m.name() + ": " + m.status());
            for (ProviderCallRecord c : v.health().calls(owner(owner), id(id), PageRequest.first(calls)).items()) {
                out().println("  " + c.at() + "  " + (c.statusCode() == null ? "timeout" : c.statusCode()) + "  -> " + orDash(c.status()));
            }
            return 0;
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "Show journal entries (newest last); --follow keeps printing new ones.")
    static final class Events extends Base {
        @Option(names = "--owner")
        @Nullable String owner;
        @Option(names = "--credential", paramLabel = "ID")
        @Nullable String credential;
        @Option(names = "--type", description = "Entry type, e.g. credential.revealed; repeatable")
        List<String> types = new ArrayList<>();
        @Option(names = "--since", description = "How far back, e.g. 24h, 7d (default: everything)")
        @Nullable String since;
        @Option(names = "--limit", defaultValue = "50", description = "Most recent entries to show (default ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--follow", description = "Keep printing new entries until interrupted")
        boolean follow;

        @Override
        int run(Vault v) {
            Instant from = since == null ? null : Instant.now().minus(duration("since", since));
            JournalQuery q = new JournalQuery(owner == null ? null : owner(owner), credential == null ? null : id(credential),
                    Set.copyOf(types), from, null, true);
            List<JournalEntry> newest = new ArrayList<>(v.journal().query(q, PageRequest.first(Math.min(limit, 1000))).items());
            java.util.Collections.reverse(newest);
            newest.forEach(this::print);
            long last = newest.isEmpty() ? 0 : newest.get(newest.size() - 1).seq();
            while (follow && !Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(Duration.ofSeconds(1).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                for (JournalEntry e : v.journal().query(new JournalQuery(q.owner(), q.credentialId(), q.types(), null, null, false),
                        new PageRequest(last == 0 ? null : String.valueOf(last), 1000)).items()) {
                    print(e);
                    last = e.seq();
                }
            }
            return 0;
        }

        private void print(JournalEntry e) {
            out().println(e.seq() + "  " + e.at() + "  " + e.type() + "  " + orDash(e.owner()) + "  " + orDash(e.credentialId())
                    + (e.actor() == null ? "" : "  by " + e.actor()) + (e.details().isEmpty() ? "" : "  " + e.details()));
            out().flush();
        }
    }
}
