package io.credvault.cli;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.ListFilter;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.Vault;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Listings: credentials (one owner's, every owner's, or by expiry) and journal entries. */
final class ListCommands {
    private ListCommands() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
            "List credentials (metadata only) of one owner or of all owners, in creation order.",
            "With --expiring-within: the active ones whose next expiry is that close, earliest first."})
    static final class ListCmd extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope = new Scope();
        @Option(names = "--expiring-within", paramLabel = "DURATION",
                description = "Only active credentials whose next expiry (their own or a secret field's) is within this "
                        + "time from now, expired ones included, earliest first: " + Durations.FORMS)
        @Nullable Duration expiringWithin;
        @Option(names = "--provider", description = "Only this provider's")
        @Nullable String provider;
        @Option(names = "--category", description = "Only this category's")
        @Nullable String category;
        @Option(names = "--status", description = "Only this status: ${COMPLETION-CANDIDATES}")
        @Nullable CredentialStatus status;
        @Option(names = "--prefix", description = "Only names starting with this")
        @Nullable String prefix;
        @Option(names = "--deleted", description = "List deleted credentials instead of active ones")
        boolean deleted;
        @Option(names = "--all", description = "List active and deleted credentials")
        boolean all;
        @Option(names = "--limit", defaultValue = "50", description = "Page size, 1..1000 (default ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--cursor", description = "Where the next page starts: the cursor the previous page printed")
        @Nullable String cursor;

        /** Whose credentials: one owner's, or every owner's. */
        static final class Scope {
            @Option(names = "--owner", required = true, description = "One owner's credentials (user, workspace, tenant)")
            @Nullable String owner;
            @Option(names = "--all-owners", required = true, description = "Every owner's credentials (an operator's view)")
            boolean allOwners;
        }

        @Override
        int run(Vault v) {
            PageRequest request = new PageRequest(cursor, limit);
            Page<CredentialMetadata> page;
            if (expiringWithin != null) {
                if (provider != null || category != null || status != null || prefix != null || deleted || all) {
                    throw new CliException(5, "--expiring-within lists active credentials and takes no other filter");
                }
                page = scope.owner == null ? v.lifecycle().expiring(expiringWithin, request) : v.expiring(owner(scope.owner), expiringWithin, request);
            } else {
                ListFilter f = new ListFilter(provider, category, status, prefix,
                        all ? ListFilter.Deletion.ALL : deleted ? ListFilter.Deletion.DELETED : ListFilter.Deletion.ACTIVE);
                page = scope.owner == null ? v.listAllOwners(f, request) : v.list(owner(scope.owner), f, request);
            }
            List<Map<String, @Nullable Object>> items = new ArrayList<>();
            page.items().forEach(m -> items.add(Output.credential(m)));
            print(Output.object("items", items, "nextCursor", page.nextCursor()), out -> table(out, page));
            return 0;
        }

        private void table(PrintWriter out, Page<CredentialMetadata> page) {
            boolean owners = scope.allOwners;
            boolean expiry = expiringWithin != null;
            Output.Table t = new Output.Table(columns(owners, expiry));
            for (CredentialMetadata m : page.items()) {
                List<@Nullable Object> row = new ArrayList<>(List.of(m.id()));
                if (owners) {
                    row.add(m.owner());
                }
                row.addAll(List.of(m.name(), m.provider()));
                row.add(m.category());
                row.addAll(List.of(m.status(), m.deleted() ? "deleted" : "active", m.version(), m.keyVersion()));
                row.add(expiry ? m.nextExpiry() : m.lastUsed());
                t.row(row.toArray());
            }
            t.print(out);
            out.println(page.items().size() + " credential(s)" + (page.hasNext() ? "; next page: --cursor " + page.nextCursor() : ""));
        }

        private static String[] columns(boolean owners, boolean expiry) {
            List<String> c = new ArrayList<>(List.of("ID"));
            if (owners) {
                c.add("OWNER");
            }
            c.addAll(List.of("NAME", "PROVIDER", "CATEGORY", "STATUS", "STATE", "VER", "KEY", expiry ? "NEXT EXPIRY" : "LAST USED"));
            return c.toArray(String[]::new);
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = {
            "Show journal entries, oldest first; --follow keeps printing new ones.",
            "Each entry: sequence, time, type, owner, credential, actor and details (sorted by name)."})
    static final class Events extends Base {
        @Option(names = "--owner", description = "Only this owner's entries")
        @Nullable String owner;
        @Option(names = "--credential", paramLabel = "ID", description = "Only this credential's entries")
        @Nullable String credential;
        @Option(names = "--type", description = "Entry type, e.g. credential.revealed; repeatable")
        List<String> types = new ArrayList<>();
        @Option(names = "--since", paramLabel = "DURATION", description = "How far back: " + Durations.FORMS + " (default: everything)")
        @Nullable Duration since;
        @Option(names = "--limit", defaultValue = "50", description = "Most recent entries to show, 1..1000 (default ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--follow", description = "Keep printing new entries (with --format json: one object per line) until interrupted")
        boolean follow;

        @Override
        int run(Vault v) {
            Instant from = since == null ? null : Instant.now().minus(since);
            JournalQuery q = new JournalQuery(owner == null ? null : owner(owner), credential == null ? null : id(credential),
                    Set.copyOf(types), from, null, true);
            List<JournalEntry> newest = new ArrayList<>(v.journal().query(q, PageRequest.first(Math.min(limit, 1000))).items());
            Collections.reverse(newest);
            if (output.json() && !follow) {
                print(Output.object("entries", newest.stream().map(ListCommands::entry).toList()), out -> { });
            } else {
                newest.forEach(this::printEntry);
            }
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
                    printEntry(e);
                    last = e.seq();
                }
            }
            return 0;
        }

        private void printEntry(JournalEntry e) {
            if (output.json()) {
                out().println(Output.toJson(entry(e)));
            } else {
                StringBuilder details = new StringBuilder();
                new TreeMap<>(e.details()).forEach((k, val) -> details.append(details.length() == 0 ? "" : " ").append(k).append('=').append(val));
                out().println(e.seq() + "  " + e.at() + "  " + e.type() + "  owner=" + orDash(e.owner()) + "  credential="
                        + orDash(e.credentialId()) + "  actor=" + orDash(e.actor()) + (details.length() == 0 ? "" : "  " + details));
            }
            out().flush();
        }
    }

    static Map<String, @Nullable Object> entry(JournalEntry e) {
        return Output.object("seq", e.seq(), "at", e.at(), "type", e.type(), "owner", e.owner() == null ? null : e.owner().value(),
                "credentialId", e.credentialId() == null ? null : e.credentialId().value(), "actor", e.actor(),
                "details", new TreeMap<>(e.details()));
    }
}
