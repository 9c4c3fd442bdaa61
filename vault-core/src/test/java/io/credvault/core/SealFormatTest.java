package io.credvault.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.core.internal.AeadSealer;
import io.credvault.crypto.internal.Aead;
import io.credvault.spi.SealContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pins the sealed format so it can never change silently. */
class SealFormatTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] NONCE = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
    private static final SealContext CONTEXT = new SealContext(OwnerId.of("tenant-42"),
            CredentialId.of("C1KQ2W8X9Y0Z1A2B3C4D5E6F7G"), "credential.secret");
    private static final byte[] PLAINTEXT = "credvault known answer".getBytes(StandardCharsets.UTF_8);

    /** Committed bytes: format 01, key version 00000007, nonce, ciphertext, tag. */
    private static final String EXPECTED =
            "0100000007a0a1a2a3a4a5a6a7a8a9aaab" + "856a194933aa77d31645ecbd680daefe11c22a67f7c51df908811a420463d72e9482b362abae";

    @Test
    @DisplayName("a fixed key, nonce, version, context and input seal to the committed bytes")
    void knownAnswer() {
        byte[] sealed = AeadSealer.seal(new Aead(new SecretKeySpec(KEY, "AES")), 7, NONCE, PLAINTEXT, CONTEXT);
        assertThat(HEX.formatHex(sealed)).isEqualTo(EXPECTED);
    }

    @Test
    @DisplayName("BouncyCastle's independent GCM, given header plus canonical context as AAD, yields the committed bytes")
    void independentImplementationAgrees() throws Exception {
        byte[] header = HEX.parseHex("0100000007");
        byte[] ctx = CONTEXT.canonical();
        byte[] aad = new byte[header.length + ctx.length];
        System.arraycopy(header, 0, aad, 0, header.length);
        System.arraycopy(ctx, 0, aad, header.length, ctx.length);
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(KEY), 128, NONCE, aad));
        byte[] out = new byte[gcm.getOutputSize(PLAINTEXT.length)];
        int n = gcm.processBytes(PLAINTEXT, 0, PLAINTEXT.length, out, 0);
        gcm.doFinal(out, n);
        byte[] committed = HEX.parseHex(EXPECTED);
        assertThat(Arrays.copyOfRange(committed, 17, committed.length)).isEqualTo(out);
    }

    @Test
    @DisplayName("the canonical context is length-prefixed, so shifting characters between parts changes it")
    void canonicalContext_isUnambiguous() {
        SealContext a = new SealContext(OwnerId.of("ab"), CredentialId.of("Cx"), "p");
        SealContext b = new SealContext(OwnerId.of("a"), CredentialId.of("Cbx"), "p");
        assertThat(a.canonical()).isNotEqualTo(b.canonical());
        assertThat(HEX.formatHex(a.canonical())).isEqualTo("000000026162" + "000000024378" + "0000000170");
    }

    @Test
    @DisplayName("the owner is UTF-8 with its length in bytes; the default purpose encodes as any other would")
    void canonicalContext_countsBytes() {
        SealContext c = SealContext.secretOf(OwnerId.of("Zo\u00eb"), CredentialId.of("C_1z"));
        assertThat(HEX.formatHex(c.canonical())).isEqualTo("000000045a6fc3ab" + "00000004" + "435f317a"
                + "00000011" + HEX.formatHex("credential.secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(c.canonical()).isEqualTo(new SealContext(c.owner(), c.credentialId(), new String("credential.secret")).canonical());
    }
}
