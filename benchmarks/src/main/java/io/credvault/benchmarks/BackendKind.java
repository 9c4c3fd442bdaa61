package io.credvault.benchmarks;

/**
 * Backends under test. POSTGRES needs {@code CREDVAULT_BENCH_POSTGRES_URL} and MARIADB {@code CREDVAULT_BENCH_MARIADB_URL}
 * (JDBC URLs with credentials; the vault's {@code cv_} tables there are emptied).
 */
public enum BackendKind { IN_MEMORY, H2_MEM, H2_FILE, POSTGRES, MARIADB }
