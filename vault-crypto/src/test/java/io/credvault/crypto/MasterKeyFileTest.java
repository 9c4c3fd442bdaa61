package io.credvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.KeyUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated master key saved to a file only its owner can read, and read back. */
class MasterKeyFileTest {
    @Test
    @DisplayName("generateTo writes a new owner-only file (mode 600) that fromFile reads back as the same key")
    void generateTo_roundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        MasterKey made = MasterKey.generateTo(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        MasterKey read = MasterKey.fromFile(file);
        byte[] dataKey = new byte[32];
        dataKey[0] = 42;
        assertThat(read.unwrap(made.wrap(dataKey, "data-key-1"), "data-key-1")).isEqualTo(dataKey);
        assertThat(Files.readString(file).strip()).hasSize(44).doesNotContain("\n");
    }

    @Test
    @DisplayName("an existing file is never overwritten")
    void generateTo_refusesExisting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> MasterKey.generateTo(file)).isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }
}
