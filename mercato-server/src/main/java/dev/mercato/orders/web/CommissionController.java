package dev.mercato.orders.web;

import dev.mercato.orders.CommissionManagement;
import dev.mercato.platform.Caller;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators set commissions: rules by listing, seller, seller tier, category, kind or platform, and sellers' tiers. */
@RestController
class CommissionController {

    private final CommissionManagement commissions;

    CommissionController(CommissionManagement commissions) {
        this.commissions = commissions;
    }

    record RuleBody(String scope, String subject, String kind, Integer basisPoints, Long fixedFee, Long minimum) {
    }

    record RuleView(String id, String object, String scope, String subject, String kind, int basisPoints, long fixedFee,
            long minimum) {

        static RuleView of(CommissionManagement.Rule r) {
            return new RuleView(r.id(), "commission_rule", r.rule().scope().name().toLowerCase(), r.rule().subject(),
                    r.rule().kind(), r.rule().basisPoints(), r.rule().fixedFee(), r.rule().minimum());
        }
    }

    record TierBody(String tier) {
    }

    @GetMapping("/v1/commission-rules")
    Map<String, Object> list(Caller caller) {
        List<RuleView> rules = commissions.rules(caller).stream().map(RuleView::of).toList();
        return Map.of("data", rules, "has_more", false);
    }

    /** Adds a rule, or changes the one with the same scope, subject and kind. */
    @PostMapping("/v1/commission-rules")
    @ResponseStatus(HttpStatus.CREATED)
    RuleView put(Caller caller, @RequestBody RuleBody body) {
        return RuleView.of(commissions.put(caller, body.scope(), body.subject(), body.kind(), body.basisPoints(),
                body.fixedFee(), body.minimum()));
    }

    @DeleteMapping("/v1/commission-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String id) {
        commissions.delete(caller, id);
    }

    /** A seller's commission tier: {@code {"tier": "enterprise"}}, or {@code {"tier": null}} for none. */
    @PutMapping("/v1/sellers/{id}/commission-tier")
    Map<String, Object> tier(Caller caller, @PathVariable String id, @RequestBody TierBody body) {
        HashMap<String, Object> view = new HashMap<>();
        view.put("object", "commission_tier");
        view.put("seller_id", id);
        view.put("tier", commissions.tier(caller, id, body.tier()).orElse(null));
        return view;
    }
}
