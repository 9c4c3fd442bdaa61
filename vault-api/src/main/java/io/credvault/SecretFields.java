package io.credvault;

import io.credvault.internal.Payloads;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The named secret fields of a credential ({@code accessToken}, {@code privateKey}, ...). Immutable; field
 * names are sorted. {@link #toString()} lists the names only.
 */
public final class SecretFields {
    private static final SecretFields EMPTY = new SecretFields(new String[0], new SecretValue[0]);
    /** The names, ascending and distinct; {@code values[i]} is the value of {@code names[i]}. */
    private final String[] names;
    private final SecretValue[] values;

    static {
        Payloads.grant(new Payloads.Builders() {
            @Override
            public @Nullable SecretValue value(byte[] payload, int offset, int length) {
                return SecretValue.refusal(payload, offset, length) == null ? new SecretValue(payload, offset, length) : null;
            }

            @Override
            public SecretFields fields(String[] names, SecretValue[] values) {
                return new SecretFields(names, values);
            }
        });
    }

    private SecretFields(String[] names, SecretValue[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * No fields.
     *
     * @return the empty set of fields
     */
    public static SecretFields empty() {
        return EMPTY;
    }

    /**
     * Builds from name/value pairs of strings: {@code SecretFields.of("accessToken", "...", "refreshToken", "...")}.
     *
     * @param namesAndValues {@code "field", "value", ...}
     * @return the fields
     */
    public static SecretFields of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new ValidationException("secrets", "expects name/value pairs, got an odd number of arguments");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /**
     * The fields of a map.
     *
     * @param values field name to value
     * @return the fields
     */
    public static SecretFields of(Map<String, SecretValue> values) {
        Builder b = builder();
        values.forEach(b::put);
        return b.build();
    }

    /**
     * A builder of fields.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A field's value.
     *
     * @param name the field
     * @return its value, or empty if absent
     */
    public Optional<SecretValue> get(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(values[i]);
    }

    /**
     * The value of a field that must be present.
     *
     * @param name the field
     * @return its value
     */
    public SecretValue require(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new ValidationException("secrets." + name, "is not present");
        }
        return values[i];
    }

    private int indexOf(String name) {
        return Arrays.binarySearch(names, name);
    }

    /**
     * The field names.
     *
     * @return the names
     */
    public Set<String> names() {
        return new Names();
    }

    /**
     * The fields.
     *
     * @return field name to value, unmodifiable
     */
    public Map<String, SecretValue> asMap() {
        return new View();
    }

    /**
     * Whether there is no field.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return names.length == 0;
    }

    /**
     * The number of fields.
     *
     * @return how many
     */
    public int size() {
        return names.length;
    }

    /**
     * These fields with {@code changes} laid over them (PATCH semantics) and {@code removed} taken out.
     *
     * @param changes fields to set
     * @param removed fields to remove
     * @return new fields: these, with {@code changes} applied and {@code removed} taken out
     */
    public SecretFields patch(SecretFields changes, Set<String> removed) {
        TreeMap<String, SecretValue> merged = new TreeMap<>(asMap());
        merged.keySet().removeAll(removed);
        merged.putAll(changes.asMap());
        return new SecretFields(merged.keySet().toArray(new String[0]), merged.values().toArray(new SecretValue[0]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretFields other && Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
    }

    /** The hash of the name set (values are left out, as {@link SecretValue#hashCode()} does). */
    @Override
    public int hashCode() {
        int h = 0;
        for (String n : names) {
            h += n.hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return "SecretFields" + Arrays.toString(names) + "[values redacted]";
    }

    /** The names: a read-only set, in ascending order. */
    private final class Names extends AbstractSet<String> {
        @Override
        public Iterator<String> iterator() {
            return new Walk<>(i -> names[i]);
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof String s && indexOf(s) >= 0;
        }
    }

    /** Name to value: a read-only map, in ascending name order. */
    private final class View extends AbstractMap<String, SecretValue> {
        @Override
        public Set<Map.Entry<String, SecretValue>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, SecretValue>> iterator() {
                    return new Walk<>(i -> Map.entry(names[i], values[i]));
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
        }

        @Override
        public @Nullable SecretValue get(Object key) {
            int i = key instanceof String s ? indexOf(s) : -1;
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && indexOf(s) >= 0;
        }
    }

    /** The fields' positions in order, each mapped by {@code at}. */
    private final class Walk<T> implements Iterator<T> {
        private final IntFunction<T> at;
        private int next;

        Walk(IntFunction<T> at) {
            this.at = at;
        }

        @Override
        public boolean hasNext() {
            return next < names.length;
        }

        @Override
        public T next() {
            if (next >= names.length) {
                throw new NoSuchElementException();
            }
            return at.apply(next++);
        }
    }

    /** Collects fields; a null value, or a name given twice, is refused. */
    public static final class Builder {
        private String[] names = new String[4];
        private SecretValue[] values = new SecretValue[4];
        private int size;

        private Builder() {
        }

        /**
         * Adds a field.
         *
         * @param name the field name
         * @param value its value
         * @return this builder
         */
        public Builder put(String name, String value) {
            io.credvault.internal.Text.fieldName(name);
            if (value == null) {
                throw new ValidationException("secrets." + name, "must not be null");
            }
            try {
                return put(name, SecretValue.of(value));
            } catch (ValidationException e) {
                throw new ValidationException("secrets." + name, e.problem());
            }
        }

        /**
         * Adds a field.
         *
         * @param name the field name
         * @param value its value
         * @return this builder
         */
        public Builder put(String name, SecretValue value) {
            io.credvault.internal.Text.fieldName(name);
            if (value == null) {
                throw new ValidationException("secrets." + name, "must not be null");
            }
            // names usually arrive in order: then the new one goes last, without a search
            int i = size == 0 || names[size - 1].compareTo(name) < 0 ? -(size + 1) : Arrays.binarySearch(names, 0, size, name);
            if (i >= 0) {
                throw new ValidationException("secrets." + name, "is given twice");
            }
            i = -(i + 1);
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            System.arraycopy(names, i, names, i + 1, size - i);
            System.arraycopy(values, i, values, i + 1, size - i);
            names[i] = name;
            values[i] = value;
            size++;
            return this;
        }

        /**
         * The fields.
         *
         * @return the fields built
         */
        public SecretFields build() {
            return size == 0 ? EMPTY : new SecretFields(Arrays.copyOf(names, size), Arrays.copyOf(values, size));
        }
    }
}
