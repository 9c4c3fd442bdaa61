package io.credvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credvault.crypto.internal.Aead;
import io.credvault.crypto.internal.AesGcm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs every Wycheproof AES-GCM vector against {@link AesGcm}, the primitive the sealing layer uses. The file
 * is read from {@code ../shared/testvectors/wycheproof/aes_gcm_test.json} beside the project; where it is
 * absent the test is skipped with the reason, except in CI ({@code CI=true}), where that is a failure.
 */
class WycheproofAesGcmTest {
    private static final HexFormat HEX = HexFormat.of();

    static Path vectors() {
        Path root = Path.of(System.getProperty("credvault.project.root", ".")).toAbsolutePath();
        return root.resolve("../shared/testvectors/wycheproof/aes_gcm_test.json").normalize();
    }

    @Test
    @DisplayName("every valid vector encrypts and decrypts to its message; every invalid one is rejected")
    void allVectors() throws Exception {
        Path file = vectors();
        if (!Files.isRegularFile(file)) {
            String reason = "Wycheproof vectors not found at " + file;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (required in CI)");
            }
            System.out.println("[wycheproof] SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<String> failures = new ArrayList<>();
        int run = 0;
        int valid = 0;
        int invalid = 0;
        int viaAead = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                run++;
                int id = t.get("tcId").asInt();
                byte[] key = HEX.parseHex(t.get("key").asText());
                byte[] iv = HEX.parseHex(t.get("iv").asText());
                byte[] aad = HEX.parseHex(t.get("aad").asText());
                byte[] msg = HEX.parseHex(t.get("msg").asText());
                byte[] ctTag = HEX.parseHex(t.get("ct").asText() + t.get("tag").asText());
                boolean expectValid = t.get("result").asText().equals("valid");
                SecretKeySpec k = new SecretKeySpec(key, "AES");
                byte[] opened = null;
                try {
                    opened = AesGcm.decrypt(k, iv, aad, ctTag, 0, ctTag.length);
                } catch (Exception rejected) {
                    // opened stays null
                }
                if (iv.length == AesGcm.NONCE_BYTES) {
                    // the bound AEAD the vault seals with reads the same bytes laid out as nonce | ciphertext | tag
                    viaAead++;
                    byte[] sealed = concat(iv, ctTag);
                    byte[] aeadOpened = null;
                    try {
                        aeadOpened = new Aead(k).open(sealed, 0, aad);
                    } catch (Exception rejected) {
                        // aeadOpened stays null
                    }
                    if (!Arrays.equals(aeadOpened, opened)) {
                        failures.add("tcId " + id + ": Aead.open disagrees with the vector");
                    }
                }
                if (expectValid) {
                    valid++;
                    if (opened == null || !Arrays.equals(opened, msg)) {
                        failures.add("tcId " + id + ": valid vector did not decrypt to its message");
                        continue;
                    }
                    // one encryption per vector: the JCE cipher refuses the same key and nonce twice in a row
                    try {
                        boolean same;
                        if (iv.length == AesGcm.NONCE_BYTES) {
                            same = Arrays.equals(new Aead(k).seal(new byte[0], iv, msg, aad), concat(iv, ctTag));
                        } else {
                            byte[] out = new byte[msg.length + AesGcm.TAG_BYTES];
                            AesGcm.encrypt(k, iv, aad, msg, out, 0);
                            same = Arrays.equals(out, ctTag);
                        }
                        if (!same) {
                            failures.add("tcId " + id + ": encryption differs from the vector");
                        }
                    } catch (Exception e) {
                        failures.add("tcId " + id + ": encryption failed: " + e);
                    }
                } else {
                    invalid++;
                    if (opened != null) {
                        failures.add("tcId " + id + ": invalid vector was accepted (" + t.get("comment").asText() + ")");
                    }
                }
            }
        }
        System.out.printf("[wycheproof] AES-GCM: %d vectors run (%d valid, %d invalid; %d with a 96-bit nonce also through "
                + "Aead), %d failures%n", run, valid, invalid, viaAead, failures.size());
        assertThat(run).isEqualTo(root.get("numberOfTests").asInt());
        assertThat(failures).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
