/** The JDBC backend: H2, PostgreSQL and MariaDB through Jdbi and HikariCP. */
module io.credvault.jdbc {
    requires transitive io.credvault.api;
    requires transitive java.sql;
    requires org.jdbi.v3.core;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    requires static com.h2database; // a driver: the host adds it (or its embedded H2) when it uses it
    requires static org.postgresql.jdbc; // likewise; its LISTEN/NOTIFY API is used on PostgreSQL only
    requires static transitive org.jspecify;

    exports io.credvault.jdbc;
}
