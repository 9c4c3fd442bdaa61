package io.credvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.jdbc.JdbcBackend;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during {@code key rewrap}, in a real process: what it reports is what was committed. */
class CliRewrapInterruptTest {
    private static final int CREDENTIALS = 400;

    @Test
    @DisplayName("Ctrl-C during key rewrap stops after the batch in flight and reports exactly the records committed; no trace file")
    void ctrlC_reportsExactlyWhatWasCommitted(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("vault");
        Path key = dir.resolve("master.key");
        MasterKey.generateTo(key);
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.h2File(db)).masterKey(MasterKey.fromFile(key)).build()) {
            for (int i = 0; i < CREDENTIALS; i++) {
                v.create(OwnerId.of("u" + (i % 7)), NewCredential.builder("generic", "c" + i).secrets("secret", "value-" + i).build());
            }
            v.keys().rotate();
        }
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "key", "rewrap", "--db", db.toString(),
                "--key-file", key.toString(), "--batch-size", "10", "--pause", "50ms").start();
        InputStream err = cli.getErrorStream();
        StringBuilder progress = new StringBuilder();
        Pattern done = Pattern.compile("\\] (\\d+)/" + CREDENTIALS);
        long first = -1;
        while (true) { // wait for a few committed batches
            int c = err.read();
            assertThat(c).as("progress before exit: %s", progress).isNotNegative();
            progress.append((char) c);
            Matcher m = done.matcher(progress);
            long last = -1;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
                if (first < 0) {
                    first = last;
                }
            }
            if (last >= 30) {
                break;
            }
        }
        assertThat(first).as("progress shows before the first batch commits").isZero();
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor()).isZero();
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.exitValue()).as(out).isEqualTo(130);
        Matcher stopped = Pattern.compile("rewrap stopped: (\\d+) rewrapped and committed in this run \\((\\d+) of " + CREDENTIALS
                + " in all\\); run 'credvault key rewrap' again to continue").matcher(out);
        assertThat(stopped.find()).as(out).isTrue();
        long reported = Long.parseLong(stopped.group(1));
        assertThat(reported).isBetween(30L, CREDENTIALS - 1L);
        try (Vault v = CredVault.builder().backend(JdbcBackend.h2File(db)).masterKey(MasterKey.fromFile(key)).build()) {
            assertThat(v.keys().usage().credentialsUnder(2)).as("committed under the new key").isEqualTo(reported);
            assertThat(v.keys().usage().credentialsUnder(1)).isEqualTo(CREDENTIALS - reported);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("vault.mv.db", "master.key");
        }
    }
}
