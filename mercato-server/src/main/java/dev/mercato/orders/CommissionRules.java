package dev.mercato.orders;

import dev.mercato.platform.ReadCache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The commission rules operators set (the platform defaults come with the schema), and sellers' tiers.
 * Every order prices its lines with them, so checkout reads them through the read cache
 * ({@link #applicable}); every change here invalidates what it changes.
 */
@Repository
class CommissionRules {

    private static final ReadCache.Region<RuleBook> RULES = new ReadCache.Region<>("commission_rules", RuleBook.class);
    private static final ReadCache.Region<SellerTier> TIERS = new ReadCache.Region<>("commission_tiers", SellerTier.class);
    private static final String ALL = "all";

    private final JdbcClient jdbc;
    private final ReadCache cache;

    CommissionRules(JdbcClient jdbc, ReadCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    /** Every rule, as cached. */
    record RuleBook(List<Stored> rules) {
    }

    /** A seller's tier as cached; {@code tier} is null for a seller without one. */
    record SellerTier(String tier) {
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

    /** What {@link #forSellers} reads, from the read cache: the rules, and the tiers of these sellers. */
    Applicable applicable(Collection<String> sellerIds) {
        List<Stored> rules = cache.read(RULES, ALL, () -> Optional.of(new RuleBook(all()))).orElseThrow().rules();
        Map<String, String> tiers = new HashMap<>();
        for (String seller : new LinkedHashSet<>(sellerIds)) {
            String tier = cache.read(TIERS, seller, () -> Optional.of(new SellerTier(forSellers(List.of(seller)).tiers()
                    .get(seller)))).orElseThrow().tier();
            if (tier != null) {
                tiers.put(seller, tier);
            }
        }
        return new Applicable(rules, tiers);
    }

    /** Adds a rule, or replaces the one for the same scope, subject and kind; returns the stored id. */
    String put(String id, CommissionRule rule) {
        cache.invalidate(RULES, ALL);
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
        cache.invalidate(RULES, ALL);
        return jdbc.sql("DELETE FROM commission_rules WHERE id = :id").param("id", id).update() == 1;
    }

    void tier(String sellerId, String tier, Instant at) {
        cache.invalidate(TIERS, sellerId);
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
