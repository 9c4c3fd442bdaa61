package io.credvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code credvault copy --to URL}: the whole vault into an empty database, verified. */
class CliCopyTest extends CliHarness {
    @Test
    @DisplayName("copy --to moves the vault into an empty database, shows progress, verifies, and refuses a non-empty target")
    void copy_toAnotherDatabase() throws Exception {
        String id = createGithub("gh");
        createGithub("gh2");
        ok("apikey", "create", "--owner", "t1", "--key-file", key.toString());
        String url = "jdbc:h2:file:" + dir.resolve("moved").toAbsolutePath();
        Result copied = ok("copy", "--to", url, "--key-file", key.toString(), "--verify-sample", "10");
        assertThat(copied.err()).as("progress").contains("rows").contains("/s").contains("ETA");
        assertThat(copied.out()).contains("journal chain of the target: intact").contains("2 credential(s) revealed in both and compared: identical");
        assertThat(ok("reveal", "--url", url, "--key-file", key.toString(), "--owner", "u1", id, "--field", "accessToken").out())
                .isEqualTo(TOKEN + "\n");
        assertThat(ok("journal", "verify", "--url", url, "--key-file", key.toString()).out()).contains("journal intact");

        Result again = run("copy", "--to", url, "--key-file", key.toString());
        assertThat(again.code()).isEqualTo(4);
        assertThat(again.err()).contains("the target is not empty");

        String other = "jdbc:h2:file:" + dir.resolve("moved-json").toAbsolutePath();
        JsonNode report = json("copy", "--to", other, "--key-file", key.toString());
        assertThat(report.get("verified").asBoolean()).isTrue();
        assertThat(report.get("targetCounts").get("credentials").asLong()).isEqualTo(2);
        assertThat(report.get("targetCounts")).isEqualTo(report.get("sourceCounts"));
        assertThat(report.toString()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("copy with a wrong master key copies nothing (exit 7)")
    void copy_wrongKey() throws Exception {
        createGithub("gh");
        java.nio.file.Path wrong = dir.resolve("wrong.key");
        io.credvault.crypto.MasterKey.generateTo(wrong);
        String url = "jdbc:h2:file:" + dir.resolve("never").toAbsolutePath();
        Result r = run("copy", "--to", url, "--key-file", wrong.toString());
        assertThat(r.code()).isEqualTo(7);
        assertThat(run("list", "--url", url, "--key-file", key.toString(), "--owner", "u1").code()).as("nothing copied").isEqualTo(3);
    }
}
