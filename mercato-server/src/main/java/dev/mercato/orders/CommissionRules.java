package dev.mercato.orders;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The commission rules operators set; the platform defaults come with the schema. */
@Repository
class CommissionRules {

    private final JdbcClient jdbc;

    CommissionRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stored(String id, CommissionRule rule) {
    }

    List<Stored> all() {
        return jdbc.sql("SELECT id, scope, subject, kind, basis_points, fixed_fee, minimum FROM commission_rules")
                .query((rs, n) -> new Stored(rs.getString("id"), new CommissionRule(
                        CommissionRule.Scope.valueOf(rs.getString("scope").toUpperCase()), rs.getString("subject"),
                        rs.getString("kind"), rs.getInt("basis_points"), rs.getLong("fixed_fee"), rs.getLong("minimum"))))
                .list();
    }
}
