package dev.mercato.billing.web;

import dev.mercato.billing.AddOn;
import dev.mercato.billing.AddOnManagement;
import dev.mercato.billing.Feature;
import dev.mercato.billing.Plan;
import dev.mercato.billing.SubscriptionManagement;
import dev.mercato.platform.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The add-on catalog, and the add-ons a subscriber buys for their subscription. */
@RestController
class AddOnController {

    private final AddOnManagement catalog;
    private final SubscriptionManagement subscriptions;

    AddOnController(AddOnManagement catalog, SubscriptionManagement subscriptions) {
        this.catalog = catalog;
        this.subscriptions = subscriptions;
    }

    record AddOnView(String id, String object, String name, String description, List<Plan.Price> prices,
            Map<String, Feature> features, int maxQuantity, boolean active, Instant createdAt) {

        static AddOnView of(AddOn a) {
            return new AddOnView(a.id(), "add_on", a.name(), a.description(), a.prices(), a.features(), a.maxQuantity(),
                    a.active(), a.createdAt());
        }
    }

    record AttachBody(String addOnId, Integer quantity) {
    }

    @GetMapping("/v1/add-ons")
    Map<String, Object> list(Caller caller, @RequestParam(name = "include_inactive", defaultValue = "false") boolean all) {
        return Map.of("object", "list", "data", catalog.list(caller, all).stream().map(AddOnView::of).toList(),
                "has_more", false);
    }

    @PostMapping("/v1/add-ons")
    @ResponseStatus(HttpStatus.CREATED)
    AddOnView create(Caller caller, @RequestBody AddOnManagement.AddOnInput body) {
        return AddOnView.of(catalog.create(caller, body));
    }

    @GetMapping("/v1/subscriptions/{id}/add-ons")
    Map<String, Object> attached(Caller caller, @PathVariable String id) {
        return Map.of("object", "list", "data", subscriptions.addOns(caller, id), "has_more", false);
    }

    /** Buys an add-on (or sets its quantity), prorated for the rest of the period. */
    @PostMapping("/v1/subscriptions/{id}/add-ons")
    Map<String, Object> attach(Caller caller, @PathVariable String id, @RequestBody AttachBody body) {
        subscriptions.putAddOn(caller, id, body.addOnId(), body.quantity());
        return attached(caller, id);
    }

    /** Removes an add-on now; the unused time goes to the account credit. */
    @DeleteMapping("/v1/subscriptions/{id}/add-ons/{addOnId}")
    Map<String, Object> remove(Caller caller, @PathVariable String id, @PathVariable String addOnId) {
        subscriptions.removeAddOn(caller, id, addOnId);
        return attached(caller, id);
    }
}
