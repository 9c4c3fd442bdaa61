package io.credvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every command through the picocli entry point, against a temporary H2 file. */
class CliTest extends CliHarness {

    @Test
    @DisplayName("init refuses an existing vault (4) and never overwrites a key file")
    void init_twice() {
        Result r = run("init", "--new-key-file", key.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).startsWith("credvault: a vault already exists");
    }

    @Test
    @DisplayName("on a database URL: commands refuse an empty schema (3) without creating a vault; init works once, then refuses (4)")
    void url_initOnceAndNoSilentCreation() {
        String url = "jdbc:h2:file:" + dir.resolve("server-like").toAbsolutePath();
        Path urlKey = dir.resolve("url.key");
        Result none = run("list", "--url", url, "--key-file", key.toString(), "--owner", "u1");
        assertThat(none.code()).as(none.err()).isEqualTo(3);
        assertThat(none.err()).contains("no vault at");
        Result first = run("init", "--url", url, "--new-key-file", urlKey.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(run("list", "--url", url, "--key-file", urlKey.toString(), "--owner", "u1").code()).isZero();
        Result again = run("init", "--url", url, "--new-key-file", dir.resolve("other.key").toString());
        assertThat(again.code()).as(again.err()).isEqualTo(4);
        assertThat(again.err()).contains("a vault already exists");
    }

    @Test
    @DisplayName("create, list, describe: metadata only; reveal is the one command that prints the secret")
    void crud() throws Exception {
        String id = createGithub("GH corp");
        Result list = ok("list", "--key-file", key.toString(), "--owner", "u1");
        assertThat(list.out()).contains(id).contains("GH corp").contains("github").contains("NEVER_CHECKED").contains("1 credential(s)");
        Result describe = ok("describe", "--key-file", key.toString(), "--owner", "u1", id);
        assertThat(describe.out()).contains("fields:      accessToken, username").contains("version:     1").contains("fingerprint: ");
        Result reveal = ok("reveal", "--key-file", key.toString(), "--owner", "u1", id);
        assertThat(reveal.out()).contains("REVEALED").contains("accessToken = " + TOKEN);
        for (Result r : List.of(list, describe)) {
            assertThat(r.out()).doesNotContain(TOKEN);
        }
    }

    @Test
    @DisplayName("list --expiring-within: one owner's or every owner's credentials that expire soon, earliest first")
    void listExpiring() throws Exception {
        Path secrets = dir.resolve("secrets-expiring");
        Files.writeString(secrets, "accessToken=" + TOKEN + "\n");
        java.time.Instant now = java.time.Instant.now();
        String[][] made = {{"u1", "soon", "1"}, {"u2", "later", "3"}, {"u1", "far", "30"}};
        for (String[] c : made) {
            ok("create", "--key-file", key.toString(), "--owner", c[0], "--provider", "github", "--name", c[1],
                    "--expires", now.plus(java.time.Duration.ofDays(Long.parseLong(c[2]))).toString(), "--secrets-file", secrets.toString());
        }
        createGithub("never");
        Result one = ok("list", "--key-file", key.toString(), "--owner", "u1", "--expiring-within", "7d");
        assertThat(one.out()).contains("soon").doesNotContain("far").doesNotContain("never").contains("1 credential(s)")
                .contains("NEXT EXPIRY");
        Result all = ok("list", "--key-file", key.toString(), "--all-owners", "--expiring-within", "7d");
        assertThat(all.out()).containsSubsequence("soon", "later").doesNotContain("far").contains("2 credential(s)");
        Result badWindow = run("list", "--key-file", key.toString(), "--owner", "u1", "--expiring-within", "soon");
        assertThat(badWindow.code()).isEqualTo(2);
        assertThat(badWindow.err()).contains("'soon' is not a duration; use e.g. 100ms, 30s");
    }

    @Test
    @DisplayName("update with compare-and-set: a stale version exits 4; secrets come from a prompt on standard input")
    void update() throws Exception {
        String id = createGithub("gh");
        Result r = withInput("new-token\n", "update", "--key-file", key.toString(), "--owner", "u1", id, "--expected-version", "1", "--secret", "accessToken",
                "--description", "rotated");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("to version 2").doesNotContain("new-token");
        Result stale = run("update", "--key-file", key.toString(), "--owner", "u1", id, "--expected-version", "1", "--name", "x");
        assertThat(stale.code()).isEqualTo(4);
        assertThat(stale.err()).contains("version 2").doesNotContain("\n ");
        assertThat(ok("reveal", "--key-file", key.toString(), "--owner", "u1", id).out()).contains("accessToken = new-token");
    }

    @Test
    @DisplayName("delete, restore, purge (without --yes a usage error, exit 2, and nothing purged); list --deleted")
    void deletion() throws Exception {
        String id = createGithub("gh");
        ok("delete", "--key-file", key.toString(), "--owner", "u1", id);
        assertThat(ok("list", "--key-file", key.toString(), "--owner", "u1", "--deleted").out()).contains(id).contains(" deleted ");
        ok("restore", "--key-file", key.toString(), "--owner", "u1", id);
        Result unconfirmed = run("purge", "--key-file", key.toString(), "--owner", "u1", id);
        assertThat(unconfirmed.code()).as("a usage error").isEqualTo(2);
        assertThat(unconfirmed.err()).contains("Missing required option: '--yes'");
        assertThat(ok("describe", "--key-file", key.toString(), "--owner", "u1", id).out()).contains(id);
        ok("purge", "--key-file", key.toString(), "--owner", "u1", id, "--yes");
        Result gone = run("describe", "--key-file", key.toString(), "--owner", "u1", id);
        assertThat(gone.code()).isEqualTo(3);
        assertThat(gone.err()).isEqualTo("credvault: credential " + id + " not found for this owner\n");
    }

    @Test
    @DisplayName("status records provider calls; events shows the journal")
    void statusAndEvents() throws Exception {
        String id = createGithub("gh");
        Result s = ok("status", "--key-file", key.toString(), "--owner", "u1", id, "--record", "401");
        assertThat(s.out()).contains("UNAUTHENTICATED").contains("401  -> UNAUTHENTICATED");
        assertThat(ok("status", "--key-file", key.toString(), "--owner", "u1", id, "--record", "timeout").out())
                .contains("TEMPORARILY_UNAVAILABLE");
        Result e = ok("events", "--key-file", key.toString(), "--owner", "u1");
        assertThat(e.out()).contains("credential.created").contains("credential.status_changed").doesNotContain(TOKEN);
        assertThat(ok("events", "--key-file", key.toString(), "--owner", "u1", "--type", "credential.created").out().lines())
                .hasSize(1);
        assertThat(run("status", "--key-file", key.toString(), "--owner", "u1", id, "--record", "abc").code()).isEqualTo(5);
    }

    @Test
    @DisplayName("key rotate, rewrap (progress and usage), usage, retire; journal verify")
    void keys() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createGithub("gh" + i));
        }
        assertThat(ok("key", "rotate", "--key-file", key.toString()).out()).contains("version 2 is primary");
        Result retireEarly = run("key", "retire", "1", "--key-file", key.toString());
        assertThat(retireEarly.code()).isEqualTo(4);
        assertThat(retireEarly.err()).contains("5 credential(s)");
        Result rewrap = ok("key", "rewrap", "--batch-size", "2", "--key-file", key.toString());
        assertThat(rewrap.err()).as("progress, on standard error").contains("0/5").contains("5/5").contains("ETA");
        assertThat(rewrap.out()).contains("rewrap finished: 5 rewrapped").contains("rotation complete").doesNotContain("ETA");
        assertThat(ok("key", "usage", "--key-file", key.toString()).out()).contains("rotation complete");
        assertThat(ok("key", "retire", "1", "--key-file", key.toString()).out()).contains("retired key version 1");
        assertThat(ok("journal", "verify", "--key-file", key.toString()).out()).contains("journal intact");
        assertThat(ok("reveal", "--key-file", key.toString(), "--owner", "u1", ids.get(4)).out()).contains(TOKEN);
    }

    @Test
    @DisplayName("master-key change: the old key stops opening the vault (7), the new one opens it")
    void masterKeyChange() throws Exception {
        String id = createGithub("gh");
        Path next = dir.resolve("next.key");
        ok("master-key", "change", "--key-file", key.toString(), "--new-key-file", next.toString());
        Result old = run("list", "--key-file", key.toString(), "--owner", "u1");
        assertThat(old.code()).isEqualTo(7);
        assertThat(old.err()).contains("master key does not open this vault");
        assertThat(ok("reveal", "--key-file", next.toString(), "--owner", "u1", id).out()).contains(TOKEN);
    }

    @Test
    @DisplayName("a passphrase vault: asked twice at init (a mismatch makes nothing), then prompted; a wrong one exits 7")
    void passphrase() throws Exception {
        Map<String, String> before = env;
        env = Map.of("CREDVAULT_DB", dir.resolve("pp").toString());
        try {
            Result typo = withInput("correct horse\ncorrect hrose\n", "init", "--passphrase");
            assertThat(typo.code()).isEqualTo(5);
            assertThat(typo.err()).contains("the two entries of the new master passphrase differ; nothing was changed");
            assertThat(Files.exists(dir.resolve("pp.mv.db"))).as("no vault made").isFalse();
            assertThat(withInput("correct horse\ncorrect horse\n", "init", "--passphrase").code()).isZero();
            assertThat(withInput("correct horse\n", "list", "--passphrase", "--owner", "u1").code()).isZero();
            Result wrong = withInput("wrong horse\n", "list", "--passphrase", "--owner", "u1");
            assertThat(wrong.code()).isEqualTo(7);
        } finally {
            env = before;
        }
    }

    @Test
    @DisplayName("apikey create (shown once), verify from standard input, rotate with grace, delete")
    void apiKeys() {
        Result created = ok("apikey", "create", "--owner", "tenant-1", "--key-file", key.toString());
        Matcher m = Pattern.compile("(cvk_[A-Za-z0-9_-]{43})").matcher(created.out());
        assertThat(m.find()).isTrue();
        String apiKey = m.group(1);
        assertThat(withInput(apiKey + "\n", "apikey", "verify", "--key-file", key.toString()).out()).contains("valid: owner tenant-1");
        assertThat(run("apikey", "create", "--owner", "tenant-1", "--key-file", key.toString()).code()).isEqualTo(4);
        Result rotated = ok("apikey", "rotate", "--owner", "tenant-1", "--grace", "24h", "--key-file", key.toString());
        assertThat(rotated.out()).contains("verifies until");
        assertThat(withInput(apiKey + "\n", "apikey", "verify", "--key-file", key.toString()).code()).isZero();
        ok("apikey", "delete", "--owner", "tenant-1", "--key-file", key.toString());
        Result invalid = withInput(apiKey + "\n", "apikey", "verify", "--key-file", key.toString());
        assertThat(invalid.code()).isEqualTo(3);
        assertThat(invalid.err()).isEqualTo("credvault: invalid API key\n");
        assertThat(ok("events", "--key-file", key.toString()).out()).contains("apikey.created").doesNotContain(apiKey);
    }

    @Test
    @DisplayName("errors are one line with the documented exit code: usage 2, missing key 7, validation 5, no vault 3")
    void errors() {
        assertThat(run("list").code()).isEqualTo(2);
        Result noKey = run("list", "--owner", "u1");
        assertThat(noKey.code()).isEqualTo(7);
        assertThat(noKey.err().lines()).hasSize(1);
        Result bad = run("create", "--key-file", key.toString(), "--owner", "u1", "--provider", "nope", "--name", "x");
        assertThat(bad.code()).isEqualTo(5);
        assertThat(bad.err()).startsWith("credvault: provider: unknown provider 'nope'");
        env = Map.of("CREDVAULT_DB", dir.resolve("missing").toString());
        assertThat(run("list", "--key-file", key.toString(), "--owner", "u1").code()).isEqualTo(3);
    }

    @Test
    @DisplayName("every command has --help")
    void help() {
        for (String[] cmd : new String[][] {{"--help"}, {"init", "--help"}, {"create", "--help"}, {"list", "--help"},
                {"describe", "--help"}, {"reveal", "--help"}, {"update", "--help"}, {"delete", "--help"}, {"restore", "--help"},
                {"purge", "--help"}, {"status", "--help"}, {"events", "--help"}, {"key", "rotate", "--help"},
                {"key", "rewrap", "--help"}, {"key", "usage", "--help"}, {"key", "retire", "--help"},
                {"master-key", "change", "--help"}, {"journal", "verify", "--help"}, {"apikey", "create", "--help"},
                {"apikey", "rotate", "--help"}, {"apikey", "delete", "--help"}, {"apikey", "verify", "--help"}, {"demo", "--help"}}) {
            Result r = run(cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).contains("Usage: credvault");
        }
    }

    @Test
    @DisplayName("demo walks through the product and shows secrets only on REVEALED lines")
    void demo() {
        Result r = ok("demo");
        assertThat(r.out()).contains("UNAUTHENTICATED").contains("rotation complete").contains("verify(key) -> tenant-7")
                .contains("HMAC chain intact");
        for (String line : r.out().lines().toList()) {
            if (!line.contains("REVEALED")) {
                assertThat(line).doesNotContain("ghp_demo").doesNotContain("cvk_").doesNotContain("st-access-demo");
            }
        }
    }
}
