package io.credvault.benchmarks;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.core.internal.AeadSealer;
import io.credvault.core.internal.Keyring;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.SealContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seal and open of secrets of 64..4096 bytes (printable ASCII, as tokens are): credvault's sealer beside raw JCE
 * with a reused {@code Cipher} (the practical limit), {@code Cipher.getInstance} per operation (the naive path),
 * Tink's AES256_GCM AEAD and BouncyCastle's pure-Java {@code GCMBlockCipher}, on the same data. Every one of
 * these draws a random 96-bit nonce per seal (the baselines from the platform's default {@code SecureRandom},
 * credvault from its per-thread DRBG) and authenticates the same associated data.
 *
 * <p>Beside them, the encryptors a Java team would otherwise pick up, used as their documentation shows, on the same
 * secret: Jasypt's {@code AES256TextEncryptor} (password-based: PBKDF2-HMAC-SHA512, 1,000 iterations, per message,
 * then AES-256-CBC; strings in, Base64 out) and Spring Security Crypto's {@code Encryptors.stronger} (AES-256-GCM
 * under a key derived once from a password and salt, 16-byte random IV; no associated data).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SealBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SealBenchmark {

    /** The implementations compared; {@code CREDVAULT} is ours, the rest are baselines. */
    public enum Impl { CREDVAULT, RAW_JCE, JCE_GET_INSTANCE_PER_OP, TINK, BOUNCY_CASTLE, JASYPT_AES256_TEXT, SPRING_AES_GCM }

    @Param
    public Impl impl;

    @Param({"64", "256", "1024", "4096"})
    public int size;

    private Primitive primitive;
    private byte[] plaintext;
    private byte[] sealed;

    /** One implementation under test. */
    interface Primitive {
        byte[] seal(byte[] plaintext) throws Exception;

        byte[] open(byte[] sealed) throws Exception;
    }

    static final SealContext CONTEXT = new SealContext(OwnerId.of("tenant-0042"), CredentialId.of("C1M84X64VV6MZHPSMQ1ZCWVKDA"),
            SealContext.CREDENTIAL_SECRET);
    /** The associated data credvault authenticates (5-byte header + context); baselines authenticate the same bytes. */
    static final byte[] AAD;

    static {
        byte[] ctx = CONTEXT.canonical();
        AAD = new byte[5 + ctx.length];
        AAD[0] = 1;
        AAD[4] = 1;
        System.arraycopy(ctx, 0, AAD, 5, ctx.length);
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        plaintext = new byte[size];
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < size; i++) {
            plaintext[i] = (byte) ('!' + r.nextInt(94));
        }
        primitive = create(impl);
        sealed = primitive.seal(plaintext);
    }

    static Primitive create(Impl impl) throws Exception {
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
        SecureRandom random = new SecureRandom(); // what an application would write; Tink draws from the same default
        return switch (impl) {
            case CREDVAULT -> {
                Keyring keyring = Fixture.keyring(new InMemoryBackend(), MasterKey.generate());
                AeadSealer sealer = new AeadSealer(keyring);
                yield new Primitive() {
                    public byte[] seal(byte[] p) {
                        return sealer.seal(p, CONTEXT);
                    }

                    public byte[] open(byte[] s) {
                        return sealer.open(s, CONTEXT);
                    }
                };
            }
            case RAW_JCE -> {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                yield jce(() -> cipher, key, random);
            }
            case JCE_GET_INSTANCE_PER_OP -> jce(() -> Cipher.getInstance("AES/GCM/NoPadding"), key, random);
            case TINK -> {
                AeadConfig.register();
                Aead aead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(Aead.class);
                yield new Primitive() {
                    public byte[] seal(byte[] p) throws Exception {
                        return aead.encrypt(p, AAD);
                    }

                    public byte[] open(byte[] s) throws Exception {
                        return aead.decrypt(s, AAD);
                    }
                };
            }
            case JASYPT_AES256_TEXT -> {
                org.jasypt.util.text.AES256TextEncryptor jasypt = new org.jasypt.util.text.AES256TextEncryptor();
                jasypt.setPassword(java.util.HexFormat.of().formatHex(keyBytes));
                yield new Primitive() {
                    public byte[] seal(byte[] p) {
                        return jasypt.encrypt(new String(p, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
                    }

                    public byte[] open(byte[] s) {
                        return jasypt.decrypt(new String(s, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
                    }
                };
            }
            case SPRING_AES_GCM -> {
                org.springframework.security.crypto.encrypt.BytesEncryptor spring = org.springframework.security.crypto.encrypt.Encryptors
                        .stronger(java.util.HexFormat.of().formatHex(keyBytes), "5c0744940b5c369b");
                yield new Primitive() {
                    public byte[] seal(byte[] p) {
                        return spring.encrypt(p);
                    }

                    public byte[] open(byte[] s) {
                        return spring.decrypt(s);
                    }
                };
            }
            case BOUNCY_CASTLE -> {
                GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
                KeyParameter kp = new KeyParameter(keyBytes);
                yield new Primitive() {
                    public byte[] seal(byte[] p) throws Exception {
                        byte[] nonce = new byte[12];
                        random.nextBytes(nonce);
                        gcm.init(true, new AEADParameters(kp, 128, nonce, AAD));
                        byte[] out = new byte[12 + gcm.getOutputSize(p.length)];
                        System.arraycopy(nonce, 0, out, 0, 12);
                        int n = gcm.processBytes(p, 0, p.length, out, 12);
                        gcm.doFinal(out, 12 + n);
                        return out;
                    }

                    public byte[] open(byte[] s) throws Exception {
                        byte[] nonce = java.util.Arrays.copyOf(s, 12);
                        gcm.init(false, new AEADParameters(kp, 128, nonce, AAD));
                        byte[] out = new byte[gcm.getOutputSize(s.length - 12)];
                        int n = gcm.processBytes(s, 12, s.length - 12, out, 0);
                        gcm.doFinal(out, n);
                        return out;
                    }
                };
            }
        };
    }

    interface CipherSource {
        Cipher get() throws Exception;
    }

    private static Primitive jce(CipherSource cipher, SecretKeySpec key, SecureRandom random) {
        return new Primitive() {
            public byte[] seal(byte[] p) throws Exception {
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                Cipher c = cipher.get();
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                c.updateAAD(AAD);
                byte[] out = new byte[12 + p.length + 16];
                System.arraycopy(nonce, 0, out, 0, 12);
                c.doFinal(p, 0, p.length, out, 12);
                return out;
            }

            public byte[] open(byte[] s) throws Exception {
                Cipher c = cipher.get();
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, s, 0, 12));
                c.updateAAD(AAD);
                return c.doFinal(s, 12, s.length - 12);
            }
        };
    }

    @Benchmark
    public byte[] seal() throws Exception {
        return primitive.seal(plaintext);
    }

    @Benchmark
    public byte[] open() throws Exception {
        return primitive.open(sealed);
    }
}
