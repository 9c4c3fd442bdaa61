package io.credvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code export} and {@code import}: a backup restored into an empty vault, conflicts, tampering, JSON-lines loads. */
class CliTransferTest extends CliHarness {

    private Path passphraseFile() throws Exception {
        Path p = dir.resolve("export.pass");
        Files.writeString(p, "a long export passphrase\n");
        return p;
    }

    /** Runs in another vault (its own H2 file and master key), created on first use. */
    private Result inOther(String... args) {
        Map<String, String> before = env;
        env = Map.of("CREDVAULT_DB", dir.resolve("other").toString());
        try {
            if (!Files.exists(dir.resolve("other.mv.db"))) {
                ok("init", "--new-key-file", dir.resolve("other.key").toString());
            }
            String[] all = java.util.Arrays.copyOf(args, args.length + 2);
            all[args.length] = "--key-file";
            all[args.length + 1] = dir.resolve("other.key").toString();
            return run(all);
        } finally {
            env = before;
        }
    }

    @Test
    @DisplayName("a backup: export (mode 600, never overwritten) restored into an empty vault with another master key, verified")
    void exportAndRestore() throws Exception {
        String id = createGithub("gh");
        createGithub("gh2");
        ok("status", "--key-file", key.toString(), "--owner", "u1", id, "--record", "401");
        Path file = dir.resolve("backup.cvx");
        Result exported = ok("export", "--key-file", key.toString(), "--out", file.toString(), "--journal", "--provider-calls",
                "--export-passphrase-file", passphraseFile().toString());
        assertThat(exported.out()).contains("exported 2 credential(s)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("CVSEALED");
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN).doesNotContain("octocat");
        Result again = run("export", "--key-file", key.toString(), "--out", file.toString(), "--export-passphrase-file", passphraseFile().toString());
        assertThat(again.code()).isEqualTo(4);
        assertThat(again.err()).contains("never overwrites");

        Result imported = inOther("import", file.toString(), "--export-passphrase-file", passphraseFile().toString(), "--format", "json");
        assertThat(imported.code()).as(imported.err()).isZero();
        JsonNode report = JSON.readTree(imported.out());
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(report.get("providerCalls").asLong()).isEqualTo(1);
        assertThat(inOther("reveal", "--owner", "u1", id, "--field", "accessToken").out()).isEqualTo(TOKEN + "\n");
        assertThat(inOther("describe", "--owner", "u1", id).out()).contains("UNAUTHENTICATED");
        assertThat(inOther("journal", "verify").out()).contains("journal intact");
        assertThat(inOther("events", "--type", "imported.credential.created").out().lines()).hasSize(2);

        Result conflict = inOther("import", file.toString(), "--export-passphrase-file", passphraseFile().toString());
        assertThat(conflict.code()).isEqualTo(4);
        assertThat(conflict.err()).contains("exists in this vault");
        assertThat(inOther("import", file.toString(), "--export-passphrase-file", passphraseFile().toString(), "--on-conflict", "skip").out())
                .contains("0 created, 0 replaced, 2 skipped");
    }

    @Test
    @DisplayName("an altered export is refused (exit 6) and nothing is written; a wrong passphrase too")
    void tamperedExport() throws Exception {
        createGithub("gh");
        Path file = dir.resolve("backup.cvx");
        ok("export", "--key-file", key.toString(), "--out", file.toString(), "--export-passphrase-file", passphraseFile().toString());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Path bad = dir.resolve("bad.cvx");
        Files.write(bad, bytes);
        Result r = inOther("import", bad.toString(), "--export-passphrase-file", passphraseFile().toString());
        assertThat(r.code()).isEqualTo(6);
        assertThat(r.err()).contains("altered");
        Path wrong = dir.resolve("wrong.pass");
        Files.writeString(wrong, "not the export passphrase\n");
        assertThat(inOther("import", file.toString(), "--export-passphrase-file", wrong.toString()).code()).isEqualTo(6);
        assertThat(inOther("list", "--all-owners").out()).contains("0 credential(s)");
    }

    @Test
    @DisplayName("JSON lines: every line validated first (line and field named, nothing written), or bad lines skipped and reported")
    void jsonLines() throws Exception {
        Path records = dir.resolve("records.jsonl");
        Files.writeString(records, String.join("\n",
                "{\"owner\":\"u7\",\"provider\":\"generic\",\"name\":\"a\",\"secrets\":{\"k\":\"s3cret-a\"}}",
                "{\"owner\":\"u7\",\"provider\":\"github\",\"name\":\"b\",\"secrets\":{\"accessToken\":\"s3cret-b\"},\"category\":\"ci\"}",
                "{\"owner\":\"u7\",\"provider\":\"nope\",\"name\":\"c\",\"secrets\":{\"k\":\"s3cret-c\"}}",
                "{\"owner\":\"u8\",\"provider\":\"generic\",\"name\":\"d\",\"secrets\":{\"k\":\"s3cret-d\"},\"expiresAt\":\"2099-01-01T00:00:00Z\"}",
                "{\"owner\":\"u8\",\"provider\":\"generic\",\"name\":\"e\",\"secrets\":{\"k\":\"s3cret-e\"} TRAILING s3cret-f",
                "") + "\n");
        Result stopped = run("import", records.toString(), "--key-file", key.toString());
        assertThat(stopped.code()).isEqualTo(5);
        assertThat(stopped.err()).contains("line 3: provider: unknown provider 'nope'").contains("2 bad line(s)").contains("nothing was written")
                .doesNotContain("s3cret");
        assertThat(ok("list", "--all-owners", "--key-file", key.toString()).out()).contains("0 credential(s)");

        Result loaded = withInput(Files.readString(records), "import", "-", "--continue-on-error", "--key-file", key.toString());
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains("skipped line 3: provider").contains("skipped line 5: line: is not valid JSON")
                .contains("created 3 credential(s)").doesNotContain("s3cret");
        assertThat(ok("list", "--all-owners", "--key-file", key.toString()).out()).contains("3 credential(s)");
        String id = json("list", "--owner", "u8", "--key-file", key.toString()).get("items").get(0).get("id").asText();
        assertThat(ok("reveal", "--owner", "u8", id, "--field", "k", "--key-file", key.toString()).out()).isEqualTo("s3cret-d\n");
    }
}
