package io.credvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** vault-api stays free of crypto and JDBC code: its sources import neither module nor JDBC. */
class LayeringTest {
    @Test
    @DisplayName("no vault-api source imports vault-crypto, vault-jdbc, java.sql or Jdbi")
    void apiHasNoCryptoOrJdbcDependency() throws IOException {
        Path api = Path.of(System.getProperty("credvault.project.root", "..")).resolve("vault-api/src/main/java");
        assertThat(api).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(api)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String s = Files.readString(p);
                    return s.contains("io.credvault.crypto") || s.contains("io.credvault.jdbc")
                            || s.contains("import java.sql") || s.contains("org.jdbi");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
