package io.credvault.crypto;

import io.credvault.KeyUnavailableException;
import io.credvault.spi.KeyWrapper;
import io.credvault.crypto.internal.Aead;
import io.credvault.crypto.internal.AesGcm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import io.credvault.crypto.internal.Passphrase;
import java.util.Map;

/**
 * A 256-bit master key held in process. It only wraps data keys (AES-256-GCM, the label as associated data);
 * it is never stored by the vault. {@link #toString()} never shows it.
 *
 * <p>Sources: raw bytes, Base64 text, a key file, an environment variable, or a fresh random key for tests.
 */
public final class MasterKey implements KeyWrapper {
    /** A master key's length in bytes (256 bits). */
    public static final int LENGTH = 32;
    private static final byte WRAP_FORMAT = 1;

    private final Aead aead;
    private final String source;
    private final Map<String, String> settings;

    private MasterKey(byte[] bytes, String source) {
        this(bytes, source, Map.of());
    }

    private MasterKey(byte[] bytes, String source, Map<String, String> settings) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("master key must be " + LENGTH + " bytes (256 bits), got "
                    + bytes.length + " from " + source);
        }
        this.aead = new Aead(new SecretKeySpec(bytes, "AES"));
        this.source = source;
        this.settings = Map.copyOf(settings);
    }

    /**
     * A key derived from {@code passphrase} with Argon2id under stored {@code parameters} (as kept in the
     * vault's {@code keyring.kdf} setting). {@code CredVault.Builder.masterPassphrase} reads them for you.
     *
     * @param passphrase the passphrase
     * @param parameters the Argon2id parameters and salt stored with the keyring
     * @return the key derived from them
     */
    public static MasterKey fromPassphrase(char[] passphrase, String parameters) {
        byte[] derived = Passphrase.derive(passphrase, parameters);
        try {
            return new MasterKey(derived, "passphrase", Passphrase.settings(parameters));
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * A key derived from {@code passphrase} with a fresh salt and OWASP's Argon2id baseline (19 MiB, t=2, p=1):
     * for a new vault or {@code keys().changeMasterKey(...)}. The parameters are stored with the keyring.
     *
     * @param passphrase the passphrase
     * @return the key derived from it, with the parameters to store
     */
    public static MasterKey newPassphrase(char[] passphrase) {
        return fromPassphrase(passphrase, Passphrase.newParameters(Passphrase.DEFAULT_MEMORY_KIB,
                Passphrase.DEFAULT_ITERATIONS, Passphrase.DEFAULT_PARALLELISM));
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * From 32 raw bytes (copied).
     *
     * @param bytes the key's {@value #LENGTH} bytes (copied)
     * @return the key
     */
    public static MasterKey of(byte[] bytes) {
        return new MasterKey(bytes.clone(), "bytes");
    }

    /**
     * A fresh random key: for tests and throwaway vaults, whose contents die with it.
     *
     * @return a new random key
     */
    public static MasterKey generate() {
        return new MasterKey(AesGcm.randomBytes(LENGTH), "generated");
    }

    /**
     * A fresh random key, saved first as Base64 text in the new file {@code file}, which only its owner may read or
     * write (POSIX mode 600 where the file system has POSIX permissions; it is created with them, never widened
     * after). An existing file is never overwritten. Read it back with {@link #fromFile(Path)}; keep a copy apart
     * from the database (see the README's backup notes).
     *
     * @param file the new file
     * @return the key written to it
     * @throws KeyUnavailableException if the file exists or cannot be created
     */
    public static MasterKey generateTo(Path file) {
        byte[] raw = AesGcm.randomBytes(LENGTH);
        byte[] text = (Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            FileAttribute<?>[] ownerOnly = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (FileChannel out = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
                out.write(ByteBuffer.wrap(text));
                out.force(true);
            }
            return new MasterKey(raw, "file " + file);
        } catch (FileAlreadyExistsException e) {
            throw new KeyUnavailableException("master key file " + file + " already exists; a key file is never overwritten", e);
        } catch (IOException e) {
            throw new KeyUnavailableException("cannot create master key file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    /**
     * From Base64 (standard or URL-safe) text of 32 bytes.
     *
     * @param base64 the key's Base64 text
     * @return the key
     */
    public static MasterKey fromBase64(String base64) {
        return new MasterKey(decode(base64.strip(), "Base64 text"), "Base64 text");
    }

    /**
     * From a file holding either 32 raw bytes or their Base64 text.
     *
     * @param file the file
     * @return the key read from it
     */
    public static MasterKey fromFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyUnavailableException("cannot read master key file " + file + ": " + e.getMessage(), e);
        }
        try {
            if (content.length == LENGTH) {
                return new MasterKey(content, "file " + file);
            }
            return new MasterKey(decode(new String(content, StandardCharsets.US_ASCII).strip(), "file " + file),
                    "file " + file);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * From an environment variable holding the key's Base64 text.
     *
     * @param variable the name of an environment variable holding the key's Base64 text
     * @return the key
     */
    public static MasterKey fromEnvironment(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new KeyUnavailableException("environment variable " + variable + " is not set; it must hold the "
                    + "Base64 text of a 32-byte master key");
        }
        return new MasterKey(decode(value.strip(), "environment variable " + variable), "environment variable " + variable);
    }

    private static byte[] decode(String text, String source) {
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeyUnavailableException("master key in " + source + " is not valid Base64");
        }
    }

    @Override
    public byte[] wrap(byte[] dataKey, String label) {
        return aead.seal(new byte[] {WRAP_FORMAT}, dataKey, aad(label));
    }

    @Override
    public byte[] unwrap(byte[] wrapped, String label) {
        if (wrapped.length < 1 + Aead.OVERHEAD || wrapped[0] != WRAP_FORMAT) {
            throw new KeyUnavailableException("wrapped key '" + label + "' is malformed");
        }
        try {
            return aead.open(wrapped, 1, aad(label));
        } catch (AEADBadTagException e) {
            throw new KeyUnavailableException("key '" + label + "' does not unwrap under the master key from " + source
                    + ": wrong master key, or the keyring was altered");
        }
    }

    private static byte[] aad(String label) {
        return ("credvault/" + label).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MasterKey[" + source + ", redacted]";
    }
}
