package dev.mercato.billing.web;

import dev.mercato.billing.PlanManagement;
import dev.mercato.platform.Caller;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Plans: everyone reads them; operators create and edit them. */
@RestController
class PlanController {

    private final PlanManagement plans;

    PlanController(PlanManagement plans) {
        this.plans = plans;
    }

    @GetMapping("/v1/plans")
    Map<String, Object> list(Caller caller, @RequestParam(name = "include_inactive", defaultValue = "false") boolean all) {
        return Map.of("object", "list", "data", plans.list(caller, all).stream().map(BillingViews.PlanView::of).toList(),
                "has_more", false);
    }

    @GetMapping("/v1/plans/{id}")
    BillingViews.PlanView get(Caller caller, @PathVariable String id) {
        return BillingViews.PlanView.of(plans.find(caller, id));
    }

    @PostMapping("/v1/plans")
    @ResponseStatus(HttpStatus.CREATED)
    BillingViews.PlanView create(Caller caller, @RequestBody PlanManagement.PlanInput body) {
        return BillingViews.PlanView.of(plans.create(caller, body));
    }

    @PatchMapping("/v1/plans/{id}")
    BillingViews.PlanView update(Caller caller, @PathVariable String id, @RequestBody PlanManagement.PlanInput body) {
        return BillingViews.PlanView.of(plans.update(caller, id, body));
    }
}
