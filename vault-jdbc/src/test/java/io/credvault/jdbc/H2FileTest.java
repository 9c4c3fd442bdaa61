package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.StorageException;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded H2 file looks like from outside: its mode, its neighbours, another process, a missing driver. */
class H2FileTest {

    @Test
    @DisplayName("a new H2 vault file is readable by its owner only (600, in a new 700 directory), and no .trace.db appears")
    void newFileIsOwnerOnly(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("sub/vault");
        try (JdbcBackend backend = JdbcBackend.h2File(base)) {
            assertThat(backend.setting("no.such.key")).isEmpty();
            // an error inside H2 is what writes a .trace.db by default; this session shares the open database
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base.toAbsolutePath(), "sa", "");
                 Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("SELECT * FROM no_such_table")).isInstanceOf(SQLException.class);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/vault.mv.db")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub")))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vault.mv.db");
        }
    }

    @Test
    @DisplayName("an H2 file another process holds is reported at once as in use by another process, with what to do")
    void fileInUseByAnotherProcess(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("vault");
        JdbcBackend.h2File(base).close();
        Process holder = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                base.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("open");
            assertThatThrownBy(() -> JdbcBackend.h2File(base))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("vault.mv.db is in use by another process")
                    .hasMessageContaining("Stop that process and retry, or run the command inside it");
            // (the pool used to retry for its 30 s connection timeout and then report a timeout: the message is the proof)
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    @DisplayName("a URL whose driver is not on the class path fails with a StorageException naming the artifact to add")
    void missingDriverNamesTheArtifact() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("postgresql") && !e.contains("mariadb-java-client"))
                .collect(Collectors.joining(File.pathSeparator));
        Process child = new ProcessBuilder(java(), "-cp", classPath, NoDriver.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).lines().toList();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).contains(
                "postgresql: StorageException: no JDBC driver for jdbc:postgresql: URLs on the class path; add the dependency "
                        + "org.postgresql:postgresql:" + System.getProperty("credvault.test.postgresql.version", "42.7.4")
                        + " (credvault's JDBC drivers are provided by the host)",
                "mariadb: StorageException: no JDBC driver for jdbc:mariadb: URLs on the class path; add the dependency "
                        + "org.mariadb.jdbc:mariadb-java-client:" + System.getProperty("credvault.test.mariadb.version", "3.4.1")
                        + " (credvault's JDBC drivers are provided by the host)");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Child process: holds an H2 vault file open until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (JdbcBackend backend = JdbcBackend.h2File(Path.of(args[0]))) {
                System.out.println("open");
                System.out.flush();
                System.in.read(); // until the test ends it (standard input closes when the process is destroyed)
            }
        }
    }

    /** Child process without the server drivers: prints what opening each server URL reports. */
    public static final class NoDriver {
        public static void main(String[] args) {
            for (String url : List.of("jdbc:postgresql://127.0.0.1:1/x", "jdbc:mariadb://127.0.0.1:1/x")) {
                try {
                    JdbcBackend.url(url).close();
                    System.out.println(url + ": opened");
                } catch (RuntimeException e) {
                    System.out.println(url.split(":")[1] + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }
}
