package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ImportOptions;
import io.credvault.IntegrityException;
import io.credvault.TransferKey;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.internal.SealedStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImportFormatTest {
    @Test
    @DisplayName("a sealed file whose JSON is not well formed is refused without quoting its text, which may be a secret")
    void malformedJson_notQuoted() throws Exception {
        byte[] key = new byte[32];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream w = SealedStream.writer(out, key)) {
            w.write("{\"format\":\"credvault-export\",\"version\":1,\"credentials\":[{\"secrets\":{\"k\":s3cretValue}}]}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (Vault vault = CredVault.inMemory()) {
            assertThatThrownBy(() -> vault.importFrom(new ByteArrayInputStream(out.toByteArray()),
                    ImportOptions.builder(TransferKey.of(key)).build()))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("not well formed JSON (line 1")
                    .hasMessageNotContaining("s3cret").hasNoCause();
        }
    }
}
