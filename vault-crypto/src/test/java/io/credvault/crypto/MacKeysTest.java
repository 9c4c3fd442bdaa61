package io.credvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.crypto.internal.MacKeys;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-purpose MAC keys: HKDF-Expand of the root, as an independent HKDF computes it, and a MAC per purpose. */
class MacKeysTest {
    private static final byte[] ROOT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    @DisplayName("a purpose's key is HKDF-Expand(root, \"credvault \" + purpose, 32) as BouncyCastle's HKDF computes it")
    void keyIsHkdfExpand() {
        MacKeys keys = new MacKeys(ROOT);
        for (String purpose : new String[] {"journal", "fingerprint", "api-key"}) {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(HKDFParameters.skipExtractParameters(ROOT, ("credvault " + purpose).getBytes(StandardCharsets.UTF_8)));
            byte[] expected = new byte[32];
            hkdf.generateBytes(expected, 0, expected.length);
            assertThat(keys.key(purpose).getEncoded()).as(purpose).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("mac() is HMAC-SHA256 under the purpose's key; purposes and roots give different MACs")
    void macPerPurpose() throws Exception {
        MacKeys keys = new MacKeys(ROOT);
        byte[] data = "entry 7".getBytes(StandardCharsets.UTF_8);
        Mac reference = Mac.getInstance("HmacSHA256");
        reference.init(keys.key("journal"));
        assertThat(keys.mac("journal", data)).isEqualTo(reference.doFinal(data));
        assertThat(keys.forPurpose("journal").apply(data)).isEqualTo(keys.mac("journal", data));
        assertThat(keys.mac("api-key", data)).isNotEqualTo(keys.mac("journal", data));
        byte[] otherRoot = ROOT.clone();
        otherRoot[0] ^= 1;
        assertThat(new MacKeys(otherRoot).mac("journal", data)).isNotEqualTo(keys.mac("journal", data));
    }

    @Test
    @DisplayName("the root is copied in and out, and must be 32 bytes")
    void rootIsCopied() {
        byte[] root = ROOT.clone();
        MacKeys keys = new MacKeys(root);
        byte[] before = keys.mac("journal", new byte[1]);
        root[0] ^= 1;
        keys.root()[1] ^= 1;
        assertThat(keys.mac("journal", new byte[1])).isEqualTo(before);
        assertThat(keys.root()).isEqualTo(ROOT);
        assertThatThrownBy(() -> new MacKeys(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes, got 16");
    }
}
