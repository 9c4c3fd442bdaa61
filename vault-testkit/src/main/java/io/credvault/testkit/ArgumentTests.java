package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.ApiKeys;
import io.credvault.CredentialHealth;
import io.credvault.CredentialId;
import io.credvault.CredentialStatus;
import io.credvault.CredentialStore;
import io.credvault.CredentialUpdate;
import io.credvault.Journal;
import io.credvault.JournalQuery;
import io.credvault.KeyAdmin;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.ProviderCall;
import io.credvault.ValidationException;
import io.credvault.Vault;
import io.credvault.spi.KeyRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every public method of the vault's facades, called with {@code null} for each of its reference parameters in
 * turn (the others valid): a {@link NullPointerException} or {@link ValidationException} naming that parameter,
 * and nothing stored, rotated or journaled. Parameters declared {@code @Nullable} are skipped.
 */
abstract class ArgumentTests {
    private static final OwnerId OWNER = OwnerId.of("argument-owner");

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private record Snapshot(Map<String, Long> contents, List<KeyRecord> keys, Optional<String> head) {
    }

    private Snapshot snapshot() {
        store().journal().flush();
        return new Snapshot(kit().backend.contents(), kit().backend.keys(), kit().backend.setting("journal.head"));
    }

    /** A valid argument of {@code type}: an existing credential's id, its owner, a harmless request. */
    private static @Nullable Object sample(Class<?> type, CredentialId id) {
        if (type == OwnerId.class) {
            return OWNER;
        } else if (type == CredentialId.class) {
            return id;
        } else if (type == NewCredential.class) {
            return NewCredential.builder("generic", "argument-new").secrets("secret", "s").build();
        } else if (type == CredentialUpdate.class) {
            return CredentialUpdate.builder().description("changed").build();
        } else if (type == CredentialStatus.class) {
            return CredentialStatus.OK;
        } else if (type == ListFilter.class) {
            return ListFilter.all();
        } else if (type == PageRequest.class) {
            return PageRequest.first(5);
        } else if (type == JournalQuery.class) {
            return JournalQuery.all();
        } else if (type == ProviderCall.class) {
            return ProviderCall.status(200);
        } else if (type == Duration.class) {
            return Duration.ofHours(1);
        } else if (type == Instant.class) {
            return Instant.parse("2020-01-01T00:00:00Z");
        } else if (type == String.class) {
            return "argument";
        } else if (type == long.class) {
            return 1L;
        } else if (type == int.class) {
            return 1;
        } else if (type == boolean.class) {
            return false;
        } else if (type == java.util.Collection.class) {
            return java.util.List.of(id);
        } else if (type == java.io.OutputStream.class) {
            return java.io.OutputStream.nullOutputStream();
        } else if (type == java.io.InputStream.class) {
            return java.io.InputStream.nullInputStream();
        } else if (type == io.credvault.ExportOptions.class) {
            return io.credvault.ExportOptions.builder(io.credvault.TransferKey.of(new byte[32])).build();
        } else if (type == io.credvault.ImportOptions.class) {
            return io.credvault.ImportOptions.builder(io.credvault.TransferKey.of(new byte[32])).build();
        }
        return null; // no sample: the method is only called with null in that position
    }

    private static boolean nullable(Parameter p) {
        return p.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    @Test
    @DisplayName("every facade method given null for a parameter refuses naming it, before any state changes")
    void nullArguments_refusedNamingTheParameter_nothingChanged() throws Exception {
        CredentialId id = store().create(OWNER, NewCredential.builder("generic", "argument").secrets("secret", "s").build()).id();
        Map<Class<?>, Object> facades = Map.of(CredentialStore.class, store(), Vault.class, store(),
                KeyAdmin.class, store().keys(), Journal.class, store().journal(), ApiKeys.class, store().apiKeys(),
                CredentialHealth.class, store().health());
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Class<?>, Object> facade : facades.entrySet()) {
            Method[] methods = facade.getKey().getDeclaredMethods();
            Arrays.sort(methods, Comparator.comparing(Method::toString));
            for (Method m : methods) {
                if (Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                Parameter[] params = m.getParameters();
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getType().isPrimitive() || nullable(params[i])) {
                        continue;
                    }
                    assertThat(params[i].isNamePresent()).as("compiled with -parameters").isTrue();
                    Object[] args = new Object[params.length];
                    for (int j = 0; j < params.length; j++) {
                        args[j] = j == i ? null : sample(params[j].getType(), id);
                    }
                    String call = facade.getKey().getSimpleName() + "." + m.getName() + "(" + params[i].getName() + " = null)";
                    checked.add(call);
                    Snapshot before = snapshot();
                    Throwable thrown = null;
                    try {
                        m.invoke(facade.getValue(), args);
                    } catch (InvocationTargetException e) {
                        thrown = e.getCause();
                    }
                    String name = params[i].getName();
                    boolean named = thrown instanceof NullPointerException npe && npe.getMessage() != null && npe.getMessage().contains(name)
                            || thrown instanceof ValidationException ve && ve.field().equals(name);
                    if (!named) {
                        wrong.add(call + " -> " + (thrown == null ? "returned normally" : thrown));
                    } else if (!snapshot().equals(before)) {
                        wrong.add(call + " -> changed the store before refusing");
                    }
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(25);
        assertThat(wrong).isEmpty();
    }
}
