package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start is compiled and run exactly as printed: on the class path, and as a JPMS module. */
class ReadmeQuickStartTest {
    /** The README's quick start as a class {@code QuickStart} in {@code pkg} (empty: the unnamed package). */
    private static String quickStartSource(String pkg) throws Exception {
        Path readme = Path.of(System.getProperty("credvault.project.root", "..")).resolve("README.md");
        Matcher m = Pattern.compile("<!-- quickstart -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(readme));
        assertThat(m.find()).as("README has a ```java block after <!-- quickstart -->").isTrue();
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : m.group(1).split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return (pkg.isEmpty() ? "" : "package " + pkg + ";\n") + imports
                + "public class QuickStart {\n public static void main(String[] args) throws Exception {\n" + body + "\n }\n}\n";
    }

    private static void assertQuickStartOutput(List<String> printed) {
        assertThat(printed).contains("token: ghp_example");
        assertThat(printed).anySatisfy(l -> assertThat(l).startsWith("GitHub corporate v2"));
    }

    @Test
    @DisplayName("the README quick start compiles and runs, printing the revealed token")
    void quickStart_compilesAndRuns(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("QuickStart.java");
        Files.writeString(src, quickStartSource(""));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), src.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("QuickStart").getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        assertQuickStartOutput(out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    @DisplayName("as a JPMS module requiring io.credvault.core, the quick start compiles and runs with no --add-modules")
    void quickStart_onTheModulePath(@TempDir Path dir) throws Exception {
        // the module path: the credvault modules a host needs for the in-memory vault, what they require, and the
        // host's choice of SLF4J provider (without one, SLF4J prints a warning and drops log lines)
        String modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.matches(".*(vault-api|vault-crypto|vault-core|jspecify|bcprov|slf4j-api|slf4j-simple|jackson-core|caffeine).*"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(modulePath.split(File.pathSeparator)).hasSize(9);
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("qs"));
        Files.writeString(src.resolve("module-info.java"), "module quickstart { requires io.credvault.core; }\n");
        Files.writeString(src.resolve("qs/QuickStart.java"), quickStartSource("qs"));
        Path out = dir.resolve("out");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "--module-path", modulePath,
                "-d", out.toString(), src.resolve("module-info.java").toString(), src.resolve("qs/QuickStart.java").toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", out + File.pathSeparator + modulePath, "-m", "quickstart/qs.QuickStart")
                .redirectErrorStream(true).start();
        String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor()).as(printed).isZero();
        assertQuickStartOutput(printed.lines().toList());
    }
}
