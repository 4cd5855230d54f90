package dev.mercato.orders;

import dev.mercato.catalog.ListingKind;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators set the platform's commissions: rules per listing, seller, seller tier, category, kind
 * or the whole platform (the most specific match wins, see {@link CommissionPolicy}), and each
 * seller's tier — an enterprise instructor keeps 75 % of a course by the default
 * {@code tier/enterprise/course} rule. A change applies to orders created afterwards; an order
 * keeps the rule and commission it was created with.
 */
@Service
public class CommissionManagement {

    private static final Pattern TIER = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** A rule as operators see it. */
    public record Rule(String id, CommissionRule rule) {
    }

    private final CommissionRules rules;
    private final Clock clock;
    private final AuditLog audit;

    CommissionManagement(CommissionRules rules, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.rules = rules;
        this.clock = clock;
    }

    public List<Rule> rules(Caller caller) {
        caller.requireAdmin();
        return rules.all().stream().map(s -> new Rule(s.id(), s.rule())).toList();
    }

    /** Adds a rule, or changes the one with the same scope, subject and kind. */
    @Transactional
    public Rule put(Caller caller, String scope, String subject, String kind, Integer basisPoints, Long fixedFee,
            Long minimum) {
        caller.requireAdmin();
        CommissionRule.Scope parsed = parseScope(scope);
        if ((parsed == CommissionRule.Scope.PLATFORM) != (subject == null)) {
            throw ApiException.invalid("invalid_subject", parsed == CommissionRule.Scope.PLATFORM
                    ? "a platform rule has no subject" : "a " + scope + " rule needs a subject (the " + scope + "'s id)");
        }
        if (parsed == CommissionRule.Scope.KIND) {
            requireKind(subject);
            if (kind != null) {
                throw ApiException.invalid("invalid_kind", "a kind rule's subject is its kind; leave kind out");
            }
        }
        if (parsed == CommissionRule.Scope.TIER && !TIER.matcher(subject).matches()) {
            throw ApiException.invalid("invalid_subject", "a tier is 1-32 characters of a-z, 0-9, _ and -");
        }
        if (kind != null) {
            requireKind(kind);
        }
        if (basisPoints == null) {
            throw ApiException.invalid("invalid_basis_points", "basis_points is required (3000 is 30 %)");
        }
        CommissionRule rule;
        try {
            rule = new CommissionRule(parsed, subject, kind, basisPoints, fixedFee == null ? 0 : fixedFee,
                    minimum == null ? 0 : minimum);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_commission", e.getMessage());
        }
        CommissionRule previous = rules.all().stream().map(CommissionRules.Stored::rule)
                .filter(r -> r.scope() == rule.scope() && java.util.Objects.equals(r.subject(), rule.subject())
                        && java.util.Objects.equals(r.kind(), rule.kind()))
                .findFirst().orElse(null);
        String id = rules.put(Ids.next("crule", clock), rule);
        audit.changed("commission_rule", id, previous, rule);
        return new Rule(id, rule);
    }

    @Transactional
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        if ("crule_platform_default".equals(id)) {
            throw new ApiException(409, "platform_default_required", "the platform default can be changed, not deleted");
        }
        CommissionRule previous = rules.all().stream().filter(s -> s.id().equals(id)).map(CommissionRules.Stored::rule)
                .findFirst().orElse(null);
        if (!rules.delete(id)) {
            throw ApiException.notFound("commission_rule_not_found", "no commission rule " + id);
        }
        audit.changed("commission_rule", id, previous, null);
    }

    /** Puts a seller in a tier (such as {@code enterprise}), or in none with null. */
    @Transactional
    public Optional<String> tier(Caller caller, String sellerId, String tier) {
        caller.requireAdmin();
        if (tier != null && !TIER.matcher(tier).matches()) {
            throw ApiException.invalid("invalid_tier", "a tier is 1-32 characters of a-z, 0-9, _ and -");
        }
        audit.changing("seller", sellerId, () -> java.util.Collections.singletonMap("commission_tier",
                rules.forSellers(List.of(sellerId)).tiers().get(sellerId)), () -> {
                    rules.tier(sellerId, tier, clock.instant());
                    return null;
                });
        return Optional.ofNullable(tier);
    }

    private static void requireKind(String kind) {
        try {
            ListingKind.of(kind);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_kind", "kind is course, digital_product, service or custom");
        }
    }

    private static CommissionRule.Scope parseScope(String scope) {
        try {
            return CommissionRule.Scope.valueOf(scope == null ? "" : scope.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_scope", "scope is listing, seller, tier, category, kind or platform");
        }
    }
}
