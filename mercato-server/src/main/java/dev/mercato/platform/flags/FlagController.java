package dev.mercato.platform.flags;

import dev.mercato.platform.Caller;
import dev.mercato.platform.FeatureFlags;
import dev.mercato.platform.FlagContext;
import dev.mercato.platform.FlagEvaluation;
import dev.mercato.platform.Page;
import dev.mercato.platform.flags.FlagChanges.RuleInput;
import dev.mercato.platform.flags.FlagChanges.SliceInput;
import dev.mercato.platform.flags.FlagChanges.VariantInput;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators manage flags under {@code /v1/admin/flags}; any caller reads its own evaluated flags at {@code /v1/flags}. */
@RestController
class FlagController {

    private final FlagManagement management;
    private final FeatureFlags flags;

    FlagController(FlagManagement management, FeatureFlags flags) {
        this.management = management;
        this.flags = flags;
    }

    record CreateBody(String key, String type, String description, List<VariantInput> variants, String defaultVariant,
            Map<String, String> environmentDefaults, String offVariant, List<RuleInput> rules,
            List<SliceInput> rollout, Boolean enabled) {

        FlagChanges changes() {
            return new FlagChanges(description, variants, defaultVariant, environmentDefaults, offVariant, rules,
                    rollout, enabled);
        }
    }

    record PatchBody(String description, List<VariantInput> variants, String defaultVariant,
            Map<String, String> environmentDefaults, String offVariant, List<RuleInput> rules,
            List<SliceInput> rollout, Boolean enabled) {

        FlagChanges changes() {
            return new FlagChanges(description, variants, defaultVariant, environmentDefaults, offVariant, rules,
                    rollout, enabled);
        }
    }

    record KillSwitchBody(Boolean engaged) {
    }

    record VariantView(String key, Object value) {
    }

    record RuleView(List<String> userIds, List<String> roles, String variant) {
    }

    record SliceView(String variant, double percentage) {
    }

    record FlagView(String key, String object, String type, String description, List<VariantView> variants,
            String defaultVariant, Map<String, String> environmentDefaults, String offVariant, List<RuleView> rules,
            List<SliceView> rollout, boolean enabled, int version, Instant createdAt, Instant updatedAt) {

        static FlagView of(Flag f) {
            return new FlagView(f.key(), "feature_flag", f.type().code(), f.description(),
                    f.variants().stream().map(v -> new VariantView(v.key(), f.valueOf(v.key()))).toList(),
                    f.defaultVariant(), f.environmentDefaults(), f.offVariant(),
                    f.rules().stream().map(r -> new RuleView(r.userIds().stream().sorted().toList(),
                            r.roles().stream().sorted().toList(), r.variant())).toList(),
                    f.rollout().stream().map(s -> new SliceView(s.variant(), s.basisPoints() / 100.0)).toList(),
                    f.enabled(), f.version(), f.createdAt(), f.updatedAt());
        }
    }

    record KillSwitchView(String object, boolean engaged, Instant updatedAt) {

        static KillSwitchView of(Flags.State state) {
            return new KillSwitchView("flag_kill_switch", state.killSwitch(), state.updatedAt());
        }
    }

    record EvaluationView(Object value, String variant, FlagEvaluation.Reason reason, int version) {
    }

    record EvaluationsView(String object, String environment, Map<String, EvaluationView> flags) {
    }

    @PostMapping("/v1/admin/flags")
    @ResponseStatus(HttpStatus.CREATED)
    FlagView create(Caller caller, @RequestBody CreateBody body) {
        return FlagView.of(management.create(caller, body.key(), body.type(), body.changes()));
    }

    @GetMapping("/v1/admin/flags")
    Page<FlagView> list(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        return management.list(caller, limit, startingAfter).map(FlagView::of);
    }

    @GetMapping("/v1/admin/flags/{key}")
    FlagView get(Caller caller, @PathVariable String key) {
        return FlagView.of(management.get(caller, key));
    }

    @PatchMapping("/v1/admin/flags/{key}")
    FlagView change(Caller caller, @PathVariable String key, @RequestBody PatchBody body) {
        return FlagView.of(management.change(caller, key, body.changes()));
    }

    @DeleteMapping("/v1/admin/flags/{key}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String key) {
        management.delete(caller, key);
    }

    /** The flag's kill switch: off for everyone at once; {@code PATCH {"enabled": true}} turns it back on. */
    @PostMapping("/v1/admin/flags/{key}/kill")
    FlagView kill(Caller caller, @PathVariable String key) {
        return FlagView.of(management.kill(caller, key));
    }

    @GetMapping("/v1/admin/flag-kill-switch")
    KillSwitchView killSwitch(Caller caller) {
        return KillSwitchView.of(management.killSwitch(caller));
    }

    /** The global kill switch: engaged, every flag answers its off variant. */
    @PostMapping("/v1/admin/flag-kill-switch")
    KillSwitchView killSwitch(Caller caller, @RequestBody KillSwitchBody body) {
        return KillSwitchView.of(management.killSwitch(caller, body.engaged()));
    }

    /** Every flag evaluated for the caller (the on-behalf-of user, for an admin acting for one). */
    @GetMapping("/v1/flags")
    EvaluationsView mine(Caller caller) {
        Map<String, EvaluationView> evaluated = new LinkedHashMap<>();
        flags.evaluateAll(FlagContext.of(caller)).forEach((key, e) ->
                evaluated.put(key, new EvaluationView(e.value(), e.variant(), e.reason(), e.version())));
        return new EvaluationsView("flag_evaluations", flags.environment(), evaluated);
    }
}
