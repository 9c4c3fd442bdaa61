package io.credvault.benchmarks;

/** Backends under test. POSTGRES needs {@code CREDVAULT_BENCH_POSTGRES_URL} (a JDBC URL with credentials). */
public enum BackendKind { IN_MEMORY, H2_MEM, H2_FILE, POSTGRES }
