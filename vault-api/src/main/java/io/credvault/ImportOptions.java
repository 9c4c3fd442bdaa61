package io.credvault;

import java.util.Objects;
import java.util.function.Consumer;

/** How {@link Vault#importFrom} reads an export and what it does with ids that exist. Built with {@link #builder}. */
public final class ImportOptions {
    /** What an import does with a credential whose id the vault already holds. */
    public enum OnConflict {
        /** Stop with a {@link ConflictException}; the batches written before it stay (run again with SKIP to go on). */
        FAIL,
        /** Keep the vault's credential and go on. */
        SKIP,
        /** Replace the vault's credential if the imported one has a higher version (or the same and a later update). */
        REPLACE_IF_NEWER
    }

    private final TransferKey key;
    private final OnConflict onConflict;
    private final int batchSize;
    private final Consumer<TransferProgress> progress;

    private ImportOptions(Builder b) {
        this.key = b.key;
        this.onConflict = b.onConflict;
        this.batchSize = b.batchSize;
        this.progress = b.progress;
    }

    /**
     * Starts options for a file sealed under {@code key}: conflicts fail, batches of 500.
     *
     * @param key the export key or passphrase the file was written with
     * @return a new builder
     */
    public static Builder builder(TransferKey key) {
        return new Builder(Objects.requireNonNull(key, "key"));
    }

    /**
     * The key the file was sealed under.
     *
     * @return the key
     */
    public TransferKey key() {
        return key;
    }

    /**
     * What happens to an id the vault holds already.
     *
     * @return the policy
     */
    public OnConflict onConflict() {
        return onConflict;
    }

    /**
     * Credentials per transaction.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Told after every batch.
     *
     * @return the callback
     */
    public Consumer<TransferProgress> progress() {
        return progress;
    }

    /** Builds {@link ImportOptions}. */
    public static final class Builder {
        private final TransferKey key;
        private OnConflict onConflict = OnConflict.FAIL;
        private int batchSize = 500;
        private Consumer<TransferProgress> progress = p -> { };

        private Builder(TransferKey key) {
            this.key = key;
        }

        /**
         * Sets the conflict policy.
         *
         * @param policy what happens to an id the vault holds already
         * @return this builder
         */
        public Builder onConflict(OnConflict policy) {
            this.onConflict = Objects.requireNonNull(policy, "onConflict");
            return this;
        }

        /**
         * Sets the batch size.
         *
         * @param batchSize credentials per transaction, 1..10000
         * @return this builder
         * @throws ValidationException naming {@code batchSize} if out of range
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new ValidationException("batchSize", "must be 1..10000, got " + batchSize);
            }
            this.batchSize = batchSize;
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
        public ImportOptions build() {
            return new ImportOptions(this);
        }
    }
}
