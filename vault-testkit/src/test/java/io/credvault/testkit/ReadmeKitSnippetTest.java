package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "run the kit on your own backend" snippet compiles as printed, beside a stand-in backend. */
class ReadmeKitSnippetTest {
    @Test
    @DisplayName("the README's contract-kit snippet compiles as printed")
    void kitSnippet_compiles(@TempDir Path dir) throws Exception {
        Path readme = Path.of(System.getProperty("credvault.project.root", "..")).resolve("README.md");
        Matcher m = Pattern.compile("<!-- kit -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
        assertThat(m.find()).as("README has a ```java block after <!-- kit -->").isTrue();
        Path snippet = dir.resolve("MyBackendContractTest.java");
        Files.writeString(snippet, "import io.credvault.spi.VaultBackend;\nimport io.credvault.testkit.CredentialStoreContract;\n" + m.group(1));
        Path backend = dir.resolve("MyBackend.java");
        Files.writeString(backend, "class MyBackend extends io.credvault.spi.ForwardingBackend {\n"
                + "    MyBackend() { super(new io.credvault.memory.InMemoryBackend()); }\n}\n");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "-classpath",
                System.getProperty("java.class.path"), "-d", dir.toString(), snippet.toString(), backend.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }
}
