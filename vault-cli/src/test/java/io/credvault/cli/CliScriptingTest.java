package io.credvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.jdbc.JdbcBackend;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What scripts and operators rely on: JSON output, raw values, every-owner lists, durations, help, prompts, layout. */
class CliScriptingTest extends CliHarness {

    private String k() {
        return key.toString();
    }

    @Test
    @DisplayName("--format json on every data command: one JSON object, stable field names, secrets only from reveal")
    void json_everyCommand() throws Exception {
        JsonNode created = json("create", "--key-file", k(), "--owner", "u1", "--provider", "generic", "--name", "one",
                "--secrets-file", secretsFile("secret=" + TOKEN).toString());
        String id = created.get("id").asText();
        assertThat(created.get("owner").asText()).isEqualTo("u1");
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("secretFields")).extracting(JsonNode::asText).containsExactly("secret");
        assertThat(fieldNames(created)).containsExactly("id", "owner", "name", "description", "provider", "category", "status",
                "secretFields", "version", "keyVersion", "fingerprint", "createdAt", "updatedAt", "lastUsedAt", "expiresAt",
                "secretExpiries", "nextExpiry", "lastCheckedAt", "consecutiveFailures", "deleted", "deletedAt");
        assertThat(json("describe", "--key-file", k(), "--owner", "u1", id).get("name").asText()).isEqualTo("one");
        JsonNode revealed = json("reveal", "--key-file", k(), "--owner", "u1", id);
        assertThat(revealed.get("secrets").get("secret").asText()).isEqualTo(TOKEN);
        JsonNode list = json("list", "--key-file", k(), "--owner", "u1");
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("nextCursor").isNull()).isTrue();
        assertThat(json("update", "--key-file", k(), "--owner", "u1", id, "--expected-version", "1", "--name", "uno")
                .get("version").asLong()).isEqualTo(2);
        JsonNode status = json("status", "--key-file", k(), "--owner", "u1", id, "--record", "401");
        assertThat(status.get("status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(status.get("calls").get(0).get("statusCode").asInt()).isEqualTo(401);
        assertThat(json("delete", "--key-file", k(), "--owner", "u1", id).get("deleted").asBoolean()).isTrue();
        assertThat(json("restore", "--key-file", k(), "--owner", "u1", id).get("deletedAt").isNull()).isTrue();
        JsonNode events = json("events", "--key-file", k(), "--owner", "u1");
        assertThat(events.get("entries")).extracting(e -> e.get("type").asText()).contains("credential.created", "credential.updated");
        assertThat(fieldNames(events.get("entries").get(0))).containsExactly("seq", "at", "type", "owner", "credentialId", "actor", "details");
        assertThat(json("key", "rotate", "--key-file", k()).get("version").asInt()).isEqualTo(2);
        JsonNode rewrap = json("key", "rewrap", "--key-file", k());
        assertThat(rewrap.get("rewrapped").asLong()).isEqualTo(1);
        assertThat(rewrap.get("stopped").asBoolean()).isFalse();
        assertThat(rewrap.get("usage").get("rotationComplete").asBoolean()).isTrue();
        JsonNode usage = json("key", "usage", "--key-file", k());
        assertThat(usage.get("keys")).extracting(key -> key.get("state").asText()).containsExactly("DECRYPT_ONLY", "PRIMARY");
        assertThat(json("key", "retire", "1", "--key-file", k()).get("retired").asInt()).isEqualTo(1);
        JsonNode verify = json("journal", "verify", "--key-file", k());
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("checked").asLong()).isPositive();
        assertThat(json("journal", "purge", "--key-file", k()).get("purged").asLong()).isZero();
        JsonNode apiKey = json("apikey", "create", "--owner", "t1", "--key-file", k());
        assertThat(apiKey.get("key").asText()).startsWith("cvk_");
        assertThat(apiKey.get("state").asText()).isEqualTo("ACTIVE");
        JsonNode rotated = json("apikey", "rotate", "--owner", "t1", "--grace", "1h", "--key-file", k());
        assertThat(rotated.get("previous").get(0).get("graceUntil").asText()).endsWith("Z");
        assertThat(JSON.readTree(withInput(rotated.get("key").asText() + "\n", "apikey", "verify", "--key-file", k(), "--format", "json")
                .out()).get("owner").asText()).isEqualTo("t1");
        assertThat(json("apikey", "delete", "--owner", "t1", "--key-file", k()).get("revoked").asBoolean()).isTrue();
        assertThat(json("purge", "--key-file", k(), "--owner", "u1", id, "--yes").get("purged").asText()).isEqualTo(id);
        for (String[] quiet : new String[][] {{"list", "--owner", "u1"}, {"events"}, {"key", "usage"}}) {
            List<String> args = new ArrayList<>(List.of(quiet));
            args.addAll(List.of("--key-file", k(), "--format", "json"));
            assertThat(ok(args.toArray(String[]::new)).out()).as(String.join(" ", quiet)).doesNotContain(TOKEN);
        }
    }

    @Test
    @DisplayName("reveal --field prints one raw value and a newline; an unknown field exits 5 naming the fields, not the values")
    void reveal_field() throws Exception {
        String id = createGithub("gh");
        assertThat(ok("reveal", "--key-file", k(), "--owner", "u1", id, "--field", "accessToken").out()).isEqualTo(TOKEN + "\n");
        Result unknown = run("reveal", "--key-file", k(), "--owner", "u1", id, "--field", "password");
        assertThat(unknown.code()).isEqualTo(5);
        assertThat(unknown.err()).contains("has no field 'password'; it has accessToken, username").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("list --all-owners lists every owner's credentials with an OWNER column; the columns stay aligned")
    void list_allOwnersAligned() throws Exception {
        String longName = "a credential whose name is much longer than forty characters in all";
        for (String[] c : new String[][] {{"u1", "short"}, {"workspace-with-a-long-id", longName}, {"u2", "gone"}}) {
            ok("create", "--key-file", k(), "--owner", c[0], "--provider", "generic", "--name", c[1],
                    "--secrets-file", secretsFile("secret=s").toString());
        }
        String gone = json("list", "--key-file", k(), "--owner", "u2").get("items").get(0).get("id").asText();
        ok("delete", "--key-file", k(), "--owner", "u2", gone);
        List<String> lines = ok("list", "--key-file", k(), "--all-owners", "--all").out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("OWNER").contains("STATE");
        assertThat(lines).hasSize(5).last().isEqualTo("3 credential(s)");
        int statusColumn = lines.get(0).indexOf("STATUS");
        int stateColumn = lines.get(0).indexOf("STATE");
        for (String row : lines.subList(1, 4)) {
            assertThat(row.substring(statusColumn)).startsWith("NEVER_CHECKED");
            assertThat(row.substring(stateColumn)).matches("(active|deleted) .*");
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("a credential whose name is much longer …"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(" deleted "));
        JsonNode all = json("list", "--key-file", k(), "--all-owners");
        assertThat(all.get("items")).extracting(i -> i.get("owner").asText()).containsExactly("u1", "workspace-with-a-long-id");
    }

    @Test
    @DisplayName("durations are accepted as 100ms, 30s, 15m, 24h, 7d or ISO-8601 everywhere; anything else is a usage error")
    void durations_everywhere() throws Exception {
        createGithub("gh");
        ok("key", "rotate", "--key-file", k());
        assertThat(ok("key", "rewrap", "--key-file", k(), "--pause", "100ms").out()).contains("rewrap finished: 1 rewrapped");
        assertThat(ok("events", "--key-file", k(), "--since", "PT1H").out()).contains("key.rotated");
        assertThat(ok("events", "--key-file", k(), "--since", "15m").out()).contains("key.rotated");
        ok("apikey", "create", "--owner", "t1", "--key-file", k());
        assertThat(ok("apikey", "rotate", "--owner", "t1", "--grace", "30s", "--key-file", k()).out()).contains("verifies until");
        assertThat(ok("list", "--key-file", k(), "--all-owners", "--expiring-within", "7d").out()).contains("0 credential(s)");
        for (String[] bad : new String[][] {{"key", "rewrap", "--pause", "soon"}, {"events", "--since", "1y"}, {"apikey", "rotate", "--owner", "t1", "--grace", "-1s"}}) {
            List<String> args = new ArrayList<>(List.of(bad));
            args.addAll(List.of("--key-file", k()));
            Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).contains("is not a duration; use e.g. 100ms, 30s, 15m, 24h, 7d");
        }
    }

    @Test
    @DisplayName("help: every option described, each command's summary a whole sentence, vault options grouped")
    void help_complete() {
        CommandLine cl = new CommandLine(new Main(new Terminal(null, new ByteArrayInputStream(new byte[0])), Map.of(), null));
        List<CommandSpec> all = new ArrayList<>();
        collect(cl.getCommandSpec(), all);
        assertThat(all).hasSizeGreaterThan(20);
        for (CommandSpec spec : all) {
            String[] description = spec.usageMessage().description();
            assertThat(description).as(spec.qualifiedName()).isNotEmpty();
            assertThat(description[0]).as(spec.qualifiedName() + " summary").endsWith(".");
            for (OptionSpec o : spec.options()) {
                assertThat(o.description()).as(spec.qualifiedName() + " " + o.longestName()).isNotEmpty();
                assertThat(String.join(" ", o.description())).as(spec.qualifiedName() + " " + o.longestName()).isNotBlank();
            }
        }
        String listHelp = ok("list", "--help").out();
        assertThat(listHelp).containsSubsequence("Vault location:", "--db=PATH", "--url=JDBC_URL", "Master key (one of):",
                "--key-file=PATH", "Output:", "--format=FORMAT");
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        spec.subcommands().values().forEach(sub -> {
            if (!into.contains(sub.getCommandSpec())) {
                collect(sub.getCommandSpec(), into);
            }
        });
    }

    @Test
    @DisplayName("master-key change --new-passphrase asks twice: a mismatch changes nothing (5); a match re-keys the vault")
    void masterKeyChange_newPassphraseTwice() throws Exception {
        String id = createGithub("gh");
        Result typo = withInput("new pass\nnew pas\n", "master-key", "change", "--key-file", k(), "--new-passphrase");
        assertThat(typo.code()).isEqualTo(5);
        assertThat(typo.err()).contains("differ; nothing was changed");
        assertThat(ok("describe", "--key-file", k(), "--owner", "u1", id).out()).contains(id);
        Result changed = withInput("new pass\nnew pass\n", "master-key", "change", "--key-file", k(), "--new-passphrase");
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(run("describe", "--key-file", k(), "--owner", "u1", id).code()).as("the old key").isEqualTo(7);
        Result opened = withInput("new pass\n", "describe", "--passphrase", "--owner", "u1", id);
        assertThat(opened.code()).as(opened.err()).isZero();
    }

    @Test
    @DisplayName("events show the actor and the details sorted by name, the same every time")
    void events_actorAndSortedDetails() throws Exception {
        createGithub("gh");
        ok("key", "rotate", "--key-file", k());
        ok("key", "rewrap", "--key-file", k());
        List<String> lines = ok("events", "--key-file", k(), "--type", "key.rewrap_finished").out().lines().toList();
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l).contains("  key.rewrap_finished  owner=-  credential=-  actor=");
            String details = l.substring(l.indexOf("  ", l.indexOf("actor=")) + 2);
            List<String> names = List.of(details.split(" ")).stream().map(kv -> kv.substring(0, kv.indexOf('='))).toList();
            assertThat(names).isSorted().contains("done", "primary", "skipped", "versions");
        });
        assertThat(ok("events", "--key-file", k()).out()).isEqualTo(ok("events", "--key-file", k()).out());
    }

    @Test
    @DisplayName("key usage counts encryptions made (each CLI run gives back what it reserved), not blocks reserved")
    void keyUsage_countsEncryptions() throws Exception {
        for (int i = 0; i < 3; i++) {
            createGithub("gh" + i);
        }
        JsonNode usage = json("key", "usage", "--key-file", k());
        assertThat(usage.get("keys").get(0).get("encryptions").asLong()).isEqualTo(3);
        assertThat(usage.get("keys").get(0).get("credentials").asLong()).isEqualTo(3);
        assertThat(ok("key", "usage", "--key-file", k()).out().lines().toList().get(1)).matches("1 +PRIMARY +3 +3 +.*");
    }

    @Test
    @DisplayName("files the CLI creates are its owner's only: the H2 file (600) and the key file (600)")
    void createdFiles_ownerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vault.mv.db")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".trace.db"));
        }
    }

    @Test
    @DisplayName("inside a host: commands run on the host's open vault (the embedded file stays open); init and demo are refused")
    void hosted_runsOnTheOpenVault() throws Exception {
        createGithub("gh");
        try (Vault open = CredVault.builder().backend(JdbcBackend.h2File(dir.resolve("vault"))).masterKey(MasterKey.fromFile(key)).build()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.runHosted(open, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err),
                    "list", "--owner", "u1", "--format", "json");
            assertThat(code).as(err.toString()).isZero();
            assertThat(JSON.readTree(out.toString()).get("items")).hasSize(1);
            assertThat(Main.runHosted(open, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), "init"))
                    .isEqualTo(2);
            assertThat(open.list(io.credvault.OwnerId.of("u1"), io.credvault.ListFilter.active(), io.credvault.PageRequest.first(10))
                    .items()).hasSize(1);
        }
    }

    private java.nio.file.Path secretsFile(String content) throws Exception {
        java.nio.file.Path f = Files.createTempFile(dir, "secrets", ".txt");
        Files.writeString(f, content + "\n");
        return f;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
