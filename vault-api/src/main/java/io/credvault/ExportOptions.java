package io.credvault;

import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** What {@link Vault#exportTo} writes, and under which key. Built with {@link #builder(TransferKey)}. */
public final class ExportOptions {
    private final TransferKey key;
    private final Set<OwnerId> owners;
    private final boolean journal;
    private final boolean providerCalls;
    private final Consumer<TransferProgress> progress;

    private ExportOptions(Builder b) {
        this.key = b.key;
        this.owners = Set.copyOf(b.owners);
        this.journal = b.journal;
        this.providerCalls = b.providerCalls;
        this.progress = b.progress;
    }

    /**
     * Starts options for an export sealed under {@code key}: every owner, credentials only.
     *
     * @param key the export key or passphrase
     * @return a new builder
     */
    public static Builder builder(TransferKey key) {
        return new Builder(Objects.requireNonNull(key, "key"));
    }

    /**
     * The key the file is sealed under.
     *
     * @return the key
     */
    public TransferKey key() {
        return key;
    }

    /**
     * Whose credentials are exported.
     *
     * @return the owners; empty for every owner
     */
    public Set<OwnerId> owners() {
        return owners;
    }

    /**
     * Whether the journal is exported too (the owners' entries; every entry for every owner).
     *
     * @return true to export it
     */
    public boolean journal() {
        return journal;
    }

    /**
     * Whether each credential's recorded provider calls are exported too.
     *
     * @return true to export them
     */
    public boolean providerCalls() {
        return providerCalls;
    }

    /**
     * Told after every batch.
     *
     * @return the callback
     */
    public Consumer<TransferProgress> progress() {
        return progress;
    }

    /** Builds {@link ExportOptions}. */
    public static final class Builder {
        private final TransferKey key;
        private Set<OwnerId> owners = Set.of();
        private boolean journal;
        private boolean providerCalls;
        private Consumer<TransferProgress> progress = p -> { };

        private Builder(TransferKey key) {
            this.key = key;
        }

        /**
         * Exports only these owners' credentials (and journal entries).
         *
         * @param owners the owners; none for every owner
         * @return this builder
         */
        public Builder owners(Set<OwnerId> owners) {
            this.owners = Set.copyOf(owners);
            return this;
        }

        /**
         * Exports the journal too: imported, it is kept as history.
         *
         * @param include whether to
         * @return this builder
         */
        public Builder journal(boolean include) {
            this.journal = include;
            return this;
        }

        /**
         * Exports each credential's recorded provider calls too.
         *
         * @param include whether to
         * @return this builder
         */
        public Builder providerCalls(boolean include) {
            this.providerCalls = include;
            return this;
        }

        /**
         * Where progress is told.
         *
         * @param progress told after every batch
         * @return this builder
         */
        public Builder progress(Consumer<TransferProgress> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * The options.
         *
         * @return the options built
         */
        public ExportOptions build() {
            return new ExportOptions(this);
        }
    }
}
