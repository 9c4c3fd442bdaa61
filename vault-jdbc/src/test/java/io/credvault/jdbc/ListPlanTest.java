package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialStatus;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A keyset page walks the (owner_id, id) index from the cursor on H2: no sort of the owner's rows. */
class ListPlanTest {
    @Test
    @DisplayName("every filter combination's page plan uses the owner index and needs no sort")
    void listPage_walksTheOwnerIndex() throws Exception {
        String name = "plan-" + UUID.randomUUID();
        try (JdbcBackend backend = JdbcBackend.h2Memory(name);
             Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "")) {
            List<ListFilter> filters = List.of(ListFilter.active(), ListFilter.all(), ListFilter.active().withProvider("github"),
                    ListFilter.all().withDeletion(ListFilter.Deletion.DELETED).withCategory("ci").withStatus(CredentialStatus.OK)
                            .withNamePrefix("prod"));
            for (ListFilter filter : filters) {
                for (CredentialId after : new CredentialId[] {null, CredentialId.of("C0000000000000000000000000")}) {
                    List<Object> args = new ArrayList<>();
                    String sql = backend.listSql(OwnerId.of("o"), filter, after, 51, args);
                    String plan = explain(c, sql, args);
                    System.out.println("[plan] " + plan.replace('\n', ' '));
                    assertThat(plan.toUpperCase(Locale.ROOT)).contains("CV_CREDENTIALS_OWNER").contains("INDEX SORTED");
                }
            }
        }
    }

    private static String explain(Connection c, String sql, List<Object> args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
