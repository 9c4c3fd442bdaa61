package io.credvault.crypto.internal;

import io.credvault.KeyUnavailableException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id key derivation (BouncyCastle) for passphrase master keys. The parameters and salt are stored in
 * the {@value #SETTING} setting as {@code argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<Base64 salt>}, so a
 * vault always re-derives with the parameters it was created with, whatever the defaults are by then.
 */
public final class Passphrase {
    public static final String SETTING = "keyring.kdf";
    /** OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;
    private static final Pattern FORMAT = Pattern.compile("argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/=]+)");

    private Passphrase() {
    }

    /** A new parameter string with a fresh 16-byte salt and the given costs. */
    public static String newParameters(int memoryKiB, int iterations, int parallelism) {
        return "argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + Base64.getEncoder().encodeToString(AesGcm.randomBytes(16));
    }

    /** Derives 32 bytes from {@code passphrase} under the stored {@code parameters}. */
    public static byte[] derive(char[] passphrase, String parameters) {
        Matcher m = FORMAT.matcher(parameters);
        if (!m.matches()) {
            throw new KeyUnavailableException("stored key-derivation parameters are not argon2id: '" + parameters + "'");
        }
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(Integer.parseInt(m.group(1)))
                .withIterations(Integer.parseInt(m.group(2)))
                .withParallelism(Integer.parseInt(m.group(3)))
                .withSalt(Base64.getDecoder().decode(m.group(4)))
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[32];
        gen.generateBytes(passphrase, out);
        return out;
    }

    public static Map<String, String> settings(String parameters) {
        return Map.of(SETTING, parameters);
    }
}
