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

    public static RewrapOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration pauseBetweenBatches() {
        return pauseBetweenBatches;
    }

    public Consumer<RewrapProgress> progress() {
        return progress;
    }

    public BooleanSupplier stopWhen() {
        return stopWhen;
    }

    public static final class Builder {
        private int batchSize = 500;
        private Duration pauseBetweenBatches = Duration.ZERO;
        private Consumer<RewrapProgress> progress = p -> { };
        private BooleanSupplier stopWhen = () -> false;

        private Builder() {
        }

        /** Credentials per transaction: 1..10000, default 500. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("rewrap batchSize must be 1..10000, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Throttle: a pause after each batch, 0..1 minute, default 0. */
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
         */
        public Builder stopWhen(BooleanSupplier stopWhen) {
            this.stopWhen = Objects.requireNonNull(stopWhen, "stopWhen");
            return this;
        }

        /** Called once before the first batch (with what earlier runs did) and after each committed batch. */
        public Builder progress(Consumer<RewrapProgress> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public RewrapOptions build() {
            return new RewrapOptions(this);
        }
    }
}
