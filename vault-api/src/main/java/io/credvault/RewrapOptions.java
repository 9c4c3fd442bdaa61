package io.credvault;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** How {@link KeyAdmin#rewrap(RewrapOptions)} runs. Immutable; built with {@link #builder()}. */
public final class RewrapOptions {
    private final int batchSize;
    private final Duration pauseBetweenBatches;
    private final Consumer<RewrapProgress> progress;
    private final BooleanSupplier stopWhen;

    private RewrapOptions(Builder b) {
        this.batchSize = b.batchSize;
        this.pauseBetweenBatches = b.pauseBetweenBatches;
        this.progress = b.progress;
        this.stopWhen = b.stopWhen;
    }

    /**
     * Batches of 500, no pause, no progress callback, never stopped.
     *
     * @return the options
     */
    public static RewrapOptions defaults() {
        return builder().build();
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
     * The pause after each batch.
     *
     * @return the pause
     */
    public Duration pauseBetweenBatches() {
        return pauseBetweenBatches;
    }

    /**
     * Told the progress before the first batch and after each committed one.
     *
     * @return the callback
     */
    public Consumer<RewrapProgress> progress() {
        return progress;
    }

    /**
     * Asked before each batch whether to stop.
     *
     * @return the condition
     */
    public BooleanSupplier stopWhen() {
        return stopWhen;
    }

    /** Builds {@link RewrapOptions}. */
    public static final class Builder {
        private int batchSize = 500;
        private Duration pauseBetweenBatches = Duration.ZERO;
        private Consumer<RewrapProgress> progress = p -> { };
        private BooleanSupplier stopWhen = () -> false;

        private Builder() {
        }

        /**
         * Credentials per transaction: 1..10000, default 500.
         *
         * @param batchSize credentials per transaction
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("rewrap batchSize must be 1..10000, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Throttle: a pause after each batch, 0..1 minute, default 0.
         *
         * @param pause the pause after each batch
         * @return this builder
         */
        public Builder pauseBetweenBatches(Duration pause) {
            if (pause == null || pause.isNegative() || pause.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("rewrap pauseBetweenBatches must be 0s..1m, got " + pause);
            }
            this.pauseBetweenBatches = pause;
            return this;
        }

        /**
         * Asked before each batch: once it answers true, the rewrap stops with what it committed so far and reports
         * {@link RewrapReport#stopped()}; a later rewrap continues from there. For a clean stop on shutdown or Ctrl-C.
         *
         * @param stopWhen asked before each batch
         * @return this builder
         */
        public Builder stopWhen(BooleanSupplier stopWhen) {
            this.stopWhen = Objects.requireNonNull(stopWhen, "stopWhen");
            return this;
        }

        /**
         * Called once before the first batch (with what earlier runs did) and after each committed batch.
         *
         * @param progress the callback
         * @return this builder
         */
        public Builder progress(Consumer<RewrapProgress> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * The options.
         *
         * @return the options built
         */
        public RewrapOptions build() {
            return new RewrapOptions(this);
        }
    }
}
