package io.credvault.crypto.internal;

import io.credvault.IntegrityException;
import io.credvault.KeyUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated, chunked AES-256-GCM stream: what an export file is. The header is in the clear and is the
 * associated data of every chunk:
 *
 * <pre>
 * "CVSEALED" | version 1 | key-source length (2) | key source (UTF-8) | salt (16) | nonce prefix (7) | chunk size (4)
 * </pre>
 *
 * The key source is {@code argon2id$v=19$m=..,t=..,p=..$<salt>} for a passphrase, or {@code key} for a given 32-byte
 * key. The stream key is HKDF-SHA256 of the passphrase's Argon2id output (or the given key) with the header's salt.
 * Each chunk is {@code chunk size} bytes of plaintext, sealed under the nonce {@code prefix | index (4) | last (1)};
 * the last chunk is shorter than a full one (possibly empty) and has the last flag. So a chunk cannot be dropped,
 * repeated, moved or taken from another stream, and the stream cannot be cut short or extended, without the
 * reader failing with an {@link IntegrityException}.
 */
public final class SealedStream {
    /** Plaintext bytes per chunk. */
    public static final int CHUNK = 64 * 1024;
    private static final byte[] MAGIC = "CVSEALED".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final String GIVEN_KEY = "key";
    private static final byte[] INFO = "credvault sealed stream v1".getBytes(StandardCharsets.US_ASCII);
    private static final java.util.regex.Pattern KDF = java.util.regex.Pattern.compile(
            "argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,3}),p=(\\d{1,3})\\$[A-Za-z0-9+/]{22}==");

    private SealedStream() {
    }

    /**
     * Opens a sealed stream over {@code out} under a passphrase, with fresh Argon2id parameters.
     *
     * @param out        where the sealed bytes go
     * @param passphrase the passphrase (not kept)
     * @return the stream to write plaintext to; closing it writes the last chunk and closes {@code out}
     * @throws IOException if the header cannot be written
     */
    public static OutputStream writer(OutputStream out, char[] passphrase) throws IOException {
        String kdf = Passphrase.newParameters(Passphrase.DEFAULT_MEMORY_KIB, Passphrase.DEFAULT_ITERATIONS, Passphrase.DEFAULT_PARALLELISM);
        byte[] ikm = Passphrase.derive(passphrase, kdf);
        try {
            return writer(out, kdf, ikm);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    /**
     * Opens a sealed stream over {@code out} under a given 32-byte key.
     *
     * @param out where the sealed bytes go
     * @param key the key (not kept)
     * @return the stream to write plaintext to; closing it writes the last chunk and closes {@code out}
     * @throws IOException if the header cannot be written
     */
    public static OutputStream writer(OutputStream out, byte[] key) throws IOException {
        requireKey(key);
        return writer(out, GIVEN_KEY, key);
    }

    private static OutputStream writer(OutputStream out, String keySource, byte[] ikm) throws IOException {
        byte[] header = header(keySource, AesGcm.randomBytes(16), AesGcm.randomBytes(7), CHUNK);
        out.write(header);
        return new Writer(out, streamKey(ikm, header), header);
    }

    /**
     * Opens a sealed stream for reading. {@code passphrase} or {@code key} must match how it was written.
     *
     * @param in         the sealed bytes
     * @param passphrase the passphrase, if it was written under one; else null
     * @param key        the key, if it was written under one; else null
     * @return the plaintext; reading fails with an {@link IntegrityException} where the stream was altered
     * @throws IOException              if {@code in} fails
     * @throws IntegrityException       if the header is not a sealed stream's
     * @throws KeyUnavailableException  if the stream needs the other kind of key than the one given
     */
    public static InputStream reader(InputStream in, char @Nullable [] passphrase, byte @Nullable [] key) throws IOException {
        DataInputStream data = new DataInputStream(in);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        byte[] magic = readFully(data, MAGIC.length, header);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IntegrityException("not a credvault export: the file does not start with its signature");
        }
        int version = readFully(data, 1, header)[0];
        if (version != VERSION) {
            throw new IntegrityException("credvault export format " + version + " is not supported (this version reads 1)");
        }
        int sourceLength = ByteBuffer.wrap(readFully(data, 2, header)).getShort() & 0xffff;
        String keySource = new String(readFully(data, sourceLength, header), StandardCharsets.UTF_8);
        readFully(data, 16 + 7, header);
        int chunk = ByteBuffer.wrap(readFully(data, 4, header)).getInt();
        if (chunk < 1 || chunk > 16 * 1024 * 1024) {
            throw new IntegrityException("credvault export header is damaged (chunk size " + chunk + ")");
        }
        byte[] h = header.toByteArray();
        byte[] ikm;
        if (keySource.equals(GIVEN_KEY)) {
            if (key == null) {
                throw new KeyUnavailableException("this export is sealed under a key, not a passphrase; give the export key");
            }
            requireKey(key);
            ikm = key.clone();
        } else {
            java.util.regex.Matcher m = KDF.matcher(keySource);
            // the parameters are authenticated only once the key is derived: bound them first, so a damaged or forged
            // header cannot make the reader spend unbounded memory or time
            if (!m.matches() || Long.parseLong(m.group(1)) > 1024 * 1024 || Long.parseLong(m.group(2)) > 16 || Long.parseLong(m.group(3)) > 16) {
                throw new IntegrityException("credvault export header is damaged (key derivation '" + keySource + "')");
            }
            if (passphrase == null) {
                throw new KeyUnavailableException("this export is sealed under a passphrase; give the export passphrase");
            }
            ikm = Passphrase.derive(passphrase, keySource);
        }
        try {
            return new Reader(data, streamKey(ikm, h), h, chunk);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    private static void requireKey(byte[] key) {
        if (key.length != 32) {
            throw new KeyUnavailableException("an export key is 32 bytes, got " + key.length);
        }
    }

    private static byte[] header(String keySource, byte[] salt, byte[] prefix, int chunk) {
        byte[] source = keySource.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(MAGIC.length + 1 + 2 + source.length + 16 + 7 + 4).put(MAGIC).put((byte) VERSION)
                .putShort((short) source.length).put(source).put(salt).put(prefix).putInt(chunk).array();
    }

    private static byte[] readFully(DataInputStream in, int n, ByteArrayOutputStream copy) throws IOException {
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IntegrityException("the credvault export is truncated in its header");
        }
        copy.write(b);
        return b;
    }

    /** HKDF-SHA256 (RFC 5869) of {@code ikm} with the header's salt: one 32-byte block. */
    private static SecretKey streamKey(byte[] ikm, byte[] header) {
        int saltAt = header.length - 4 - 7 - 16;
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(header, saltAt, 16, "HmacSHA256"));
            byte[] prk = extract.doFinal(ikm);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(INFO);
            expand.update((byte) 1);
            byte[] okm = expand.doFinal();
            Arrays.fill(prk, (byte) 0);
            return new SecretKeySpec(okm, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static byte[] nonce(byte[] header, long index, boolean last) {
        if (index > 0xffffffffL) {
            throw new IllegalStateException("a sealed stream holds at most 2^32 chunks");
        }
        return ByteBuffer.allocate(12).put(header, header.length - 4 - 7, 7).putInt((int) index).put((byte) (last ? 1 : 0)).array();
    }

    private static final class Writer extends FilterOutputStream {
        private final SecretKey key;
        private final byte[] header;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private long index;
        private boolean closed;

        Writer(OutputStream out, SecretKey key, byte[] header) {
            super(out);
            this.key = key;
            this.header = header;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("the sealed stream is closed");
            }
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == CHUNK) {
                    seal(false); // a full chunk is never the last: the last is shorter, possibly empty
                }
            }
        }

        private void seal(boolean last) throws IOException {
            byte[] sealed = new byte[filled + AesGcm.TAG_BYTES];
            try {
                AesGcm.encrypt(key, nonce(header, index++, last), header, Arrays.copyOf(buffer, filled), sealed, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM encryption failed", e);
            }
            out.write(sealed);
            Arrays.fill(buffer, (byte) 0);
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush(); // a partial chunk stays buffered: sealing it now would make it look like the last
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            seal(true);
            closed = true;
            out.close();
        }
    }

    private static final class Reader extends InputStream {
        private final DataInputStream in;
        private final SecretKey key;
        private final byte[] header;
        private final int chunk;
        private byte[] plain = new byte[0];
        private int pos;
        private long index;
        private boolean ended;

        Reader(DataInputStream in, SecretKey key, byte[] header, int chunk) {
            this.in = in;
            this.key = key;
            this.header = header;
            this.chunk = chunk;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == plain.length) {
                if (ended) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, plain.length - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        private void next() throws IOException {
            byte[] sealed = new byte[chunk + AesGcm.TAG_BYTES];
            int got = in.readNBytes(sealed, 0, sealed.length);
            boolean last = got < sealed.length;
            if (got < AesGcm.TAG_BYTES) {
                throw new IntegrityException("the credvault export is truncated: chunk " + index + " is missing or cut short");
            }
            try {
                plain = AesGcm.decrypt(key, nonce(header, index, last), header, sealed, 0, got);
            } catch (AEADBadTagException e) {
                throw new IntegrityException(index == 0
                        ? "the credvault export cannot be read: wrong passphrase or key, or its first chunk was altered"
                        : "the credvault export was altered, truncated, reordered or spliced at chunk " + index);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM decryption failed", e);
            }
            pos = 0;
            index++;
            if (last) {
                ended = true;
                if (in.read() >= 0) {
                    throw new IntegrityException("the credvault export has data after its last chunk");
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
