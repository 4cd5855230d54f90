package dev.mercato.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The commission rules operators set (the platform defaults come with the schema), and sellers' tiers. */
@Repository
class CommissionRules {

    private final JdbcClient jdbc;

    CommissionRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stored(String id, CommissionRule rule) {
    }

    List<Stored> all() {
        return jdbc.sql("SELECT id, scope, subject, kind, basis_points, fixed_fee, minimum FROM commission_rules ORDER BY id")
                .query((rs, n) -> stored(rs)).list();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(rs.getString("id"), new CommissionRule(
                CommissionRule.Scope.valueOf(rs.getString("scope").toUpperCase()), rs.getString("subject"),
                rs.getString("kind"), rs.getInt("basis_points"), rs.getLong("fixed_fee"), rs.getLong("minimum")));
    }

    /** The rules, and the tiers of these sellers (those without one are absent). */
    record Applicable(List<Stored> rules, Map<String, String> tiers) {
    }

    /** Every rule and the sellers' tiers, read in one statement: checkout prices each order with them. */
    Applicable forSellers(Collection<String> sellerIds) {
        List<Stored> found = new ArrayList<>();
        Map<String, String> tiers = new HashMap<>();
        jdbc.sql("""
                SELECT id, scope, subject, kind, basis_points, fixed_fee, minimum, NULL AS seller_id, NULL AS tier
                  FROM commission_rules
                UNION ALL
                SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, seller_id, tier
                  FROM seller_commission_tiers WHERE seller_id = ANY(:sellers)""")
                .param("sellers", sellerIds.toArray(String[]::new))
                .query(rs -> {
                    if (rs.getString("id") != null) {
                        found.add(stored(rs));
                    } else {
                        tiers.put(rs.getString("seller_id"), rs.getString("tier"));
                    }
                });
        return new Applicable(found, tiers);
    }

    /** Adds a rule, or replaces the one for the same scope, subject and kind; returns the stored id. */
    String put(String id, CommissionRule rule) {
        return jdbc.sql("""
                INSERT INTO commission_rules (id, scope, subject, kind, basis_points, fixed_fee, minimum)
                VALUES (:id, :scope, :subject, :kind, :bp, :fixed, :minimum)
                ON CONFLICT (scope, coalesce(subject, ''), coalesce(kind, '')) DO UPDATE
                  SET basis_points = excluded.basis_points, fixed_fee = excluded.fixed_fee, minimum = excluded.minimum
                RETURNING id""")
                .param("id", id).param("scope", rule.scope().name().toLowerCase()).param("subject", rule.subject())
                .param("kind", rule.kind()).param("bp", rule.basisPoints()).param("fixed", rule.fixedFee())
                .param("minimum", rule.minimum()).query(String.class).single();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM commission_rules WHERE id = :id").param("id", id).update() == 1;
    }

    void tier(String sellerId, String tier, Instant at) {
        if (tier == null) {
            jdbc.sql("DELETE FROM seller_commission_tiers WHERE seller_id = :seller").param("seller", sellerId).update();
            return;
        }
        jdbc.sql("""
                INSERT INTO seller_commission_tiers (seller_id, tier, updated_at) VALUES (:seller, :tier, :at)
                ON CONFLICT (seller_id) DO UPDATE SET tier = excluded.tier, updated_at = excluded.updated_at""")
                .param("seller", sellerId).param("tier", tier).param("at", Timestamp.from(at)).update();
    }
}
