package io.credvault.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.IntegrityException;
import io.credvault.KeyUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealedStreamTest {
    private static final byte[] KEY = new byte[32];
    private static final int C = SealedStream.CHUNK;
    private static final int T = AesGcm.TAG_BYTES;

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] seal(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream w = SealedStream.writer(out, KEY)) {
            // uneven writes, to cross chunk boundaries mid-write
            for (int i = 0; i < plain.length; i += 1000) {
                w.write(plain, i, Math.min(1000, plain.length - i));
            }
        }
        return out.toByteArray();
    }

    private static byte[] open(byte[] sealed) throws IOException {
        try (InputStream r = SealedStream.reader(new ByteArrayInputStream(sealed), null, KEY)) {
            return r.readAllBytes();
        }
    }

    private static int headerLength(byte[] sealed, int plainLength) {
        int chunks = plainLength / C + 1;
        return sealed.length - plainLength - chunks * T;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, C - 1, C, C + 1, 3 * C + 5})
    @DisplayName("round trip at every size around a chunk, and the last chunk is always shorter than a full one")
    void roundTrip(int n) throws IOException {
        byte[] plain = data(n);
        byte[] sealed = seal(plain);
        assertThat(open(sealed)).isEqualTo(plain);
        assertThat(sealed.length - headerLength(sealed, n)).isEqualTo(n + (n / C + 1) * T);
    }

    @Test
    @DisplayName("under a passphrase (Argon2id parameters in the header); a wrong passphrase cannot read it")
    void passphrase() throws IOException {
        byte[] plain = data(C + 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream w = SealedStream.writer(out, "correct horse".toCharArray())) {
            w.write(plain);
        }
        byte[] sealed = out.toByteArray();
        assertThat(new String(sealed, 0, 60, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("argon2id$v=19$m=19456,t=2,p=1$");
        try (InputStream r = SealedStream.reader(new ByteArrayInputStream(sealed), "correct horse".toCharArray(), null)) {
            assertThat(r.readAllBytes()).isEqualTo(plain);
        }
        assertThatThrownBy(() -> SealedStream.reader(new ByteArrayInputStream(sealed), "wrong horse".toCharArray(), null).readAllBytes())
                .isInstanceOf(IntegrityException.class).hasMessageContaining("wrong passphrase or key");
        assertThatThrownBy(() -> SealedStream.reader(new ByteArrayInputStream(sealed), null, KEY))
                .isInstanceOf(KeyUnavailableException.class).hasMessageContaining("give the export passphrase");
    }

    @Test
    @DisplayName("a header asking for more than 1 GiB of Argon2id memory is refused before any derivation")
    void forgedKdfParameters() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream w = SealedStream.writer(out, "correct horse".toCharArray())) {
            w.write(data(10));
        }
        byte[] sealed = out.toByteArray();
        int length = ((sealed[9] & 0xff) << 8) | (sealed[10] & 0xff);
        String source = new String(sealed, 11, length, java.nio.charset.StandardCharsets.US_ASCII);
        byte[] forged = source.replace("m=19456", "m=8000000").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        edited.write(sealed, 0, 9);
        edited.write(forged.length >> 8);
        edited.write(forged.length & 0xff);
        edited.write(forged);
        edited.write(sealed, 11 + length, sealed.length - 11 - length);
        assertThatThrownBy(() -> SealedStream.reader(new ByteArrayInputStream(edited.toByteArray()), "correct horse".toCharArray(), null))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("header is damaged");
    }

    @Test
    @DisplayName("truncation is detected: at a chunk boundary, inside a chunk, the last chunk dropped, inside the header")
    void truncation() throws IOException {
        byte[] sealed = seal(data(2 * C + 100));
        int h = headerLength(sealed, 2 * C + 100);
        for (int cut : new int[] {h + (C + T), h + 2 * (C + T), h + 2 * (C + T) + 50, h + 10, sealed.length - 1, 20}) {
            byte[] cutShort = Arrays.copyOf(sealed, cut);
            assertThatThrownBy(() -> open(cutShort)).as("cut at %d", cut).isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    @DisplayName("reordered chunks, a chunk from another stream, a flipped bit anywhere, and appended data are detected")
    void tampering() throws IOException {
        byte[] plain = data(3 * C + 10);
        byte[] sealed = seal(plain);
        byte[] other = seal(plain);
        int h = headerLength(sealed, plain.length);
        int full = C + T;
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, h, swapped, h + full, full);
        System.arraycopy(sealed, h + full, swapped, h, full);
        assertThatThrownBy(() -> open(swapped)).isInstanceOf(IntegrityException.class).hasMessageContaining("its first chunk was altered");

        byte[] spliced = sealed.clone();
        System.arraycopy(other, h + full, spliced, h + full, full); // same place, another export of the same data
        assertThatThrownBy(() -> open(spliced)).isInstanceOf(IntegrityException.class).hasMessageContaining("chunk 1");

        for (int at : new int[] {9, h - 5, h + 3, h + full + 17, sealed.length - 3}) {
            byte[] flipped = sealed.clone();
            flipped[at] ^= 0x10;
            assertThatThrownBy(() -> open(flipped)).as("bit flipped at %d", at).isInstanceOf(IntegrityException.class);
        }

        byte[] longer = Arrays.copyOf(sealed, sealed.length + 5);
        assertThatThrownBy(() -> open(longer)).isInstanceOf(IntegrityException.class);
        byte[] twice = Arrays.copyOf(sealed, sealed.length * 2 - h);
        System.arraycopy(sealed, h, twice, sealed.length, sealed.length - h);
        assertThatThrownBy(() -> open(twice)).isInstanceOf(IntegrityException.class);
    }
}
