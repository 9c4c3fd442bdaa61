package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Through PgBouncer in transaction mode ({@code CREDVAULT_TEST_PGBOUNCER_URL}) a {@code LISTEN} outlives no transaction:
 * the change feed must find that out and say it is lost, so that a read cache reads the journal instead.
 */
class PgBouncerChangeFeedTest {
    @Test
    @DisplayName("the feed's pings do not come back through a transaction pooler: it reports itself lost, never live")
    void throughPooler_lost() throws Exception {
        BlockingQueue<String> told = new LinkedBlockingQueue<>();
        try (HikariDataSource pool = TestDatabases.pool(TestDatabases.PGBOUNCER);
             JdbcBackend backend = JdbcBackend.builder(pool).tablePrefix("bfeed_").build();
             AutoCloseable subscription = backend.changeFeed().orElseThrow().subscribe(Duration.ofMillis(100), new RecordingListener(told))) {
            assertThat(told.poll(20, TimeUnit.SECONDS)).isEqualTo("lost");
        }
    }
}
