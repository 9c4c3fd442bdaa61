package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The BOM manages every published module: each vault-* module. */
class BomTest {
    @Test
    @DisplayName("credvault-bom names every published module at the project's version")
    void bomListsEveryLibraryModule() throws IOException {
        Path root = Path.of(System.getProperty("credvault.project.root", "..")).toAbsolutePath().normalize();
        String bom = Files.readString(root.resolve("credvault-bom/pom.xml"));
        List<String> modules;
        try (Stream<Path> dirs = Files.list(root)) {
            modules = dirs.map(d -> d.getFileName().toString())
                    .filter(n -> n.startsWith("vault-"))
                    .sorted().toList();
        }
        assertThat(modules).contains("vault-api", "vault-crypto", "vault-core", "vault-jdbc", "vault-testkit", "vault-cli");
        for (String m : modules) {
            assertThat(bom).as(m).contains("<artifactId>" + m + "</artifactId><version>${project.version}</version>");
        }
        String parent = Files.readString(root.resolve("pom.xml"));
        String version = parent.substring(parent.indexOf("<version>") + 9, parent.indexOf("</version>"));
        assertThat(bom).contains("<artifactId>credvault-bom</artifactId>\n  <version>" + version + "</version>");
    }
}
