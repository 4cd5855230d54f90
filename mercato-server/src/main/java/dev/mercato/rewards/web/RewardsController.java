package dev.mercato.rewards.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.rewards.Award;
import dev.mercato.rewards.CatalogItem;
import dev.mercato.rewards.Spend;
import dev.mercato.rewards.AwardRequest;
import dev.mercato.rewards.RewardRule;
import dev.mercato.rewards.Rewards;
import dev.mercato.rewards.TokenHistoryLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Reward tokens: the caller's balance and history; operators' rules and awards (docs/rewards.md). */
@RestController
class RewardsController {

    private final Rewards rewards;

    RewardsController(Rewards rewards) {
        this.rewards = rewards;
    }

    record LotPage(List<Award> data, boolean hasMore) {
    }

    record HistoryPage(List<TokenHistoryLine> data, boolean hasMore) {
    }

    record AwardBody(String rule, String userId, String source, Boolean provider, Long value, Long amount,
            Instant expiresAt) {
    }

    record RuleBody(String id, String description, Long amount, Long providerAmount, Integer percentBps, Long minAmount,
            Long maxAmount, Integer dailyCap, Integer lifetimeCap, Long cooldownSeconds, Boolean active,
            Integer expiresAfterDays) {
    }

    record RuleList(List<RuleView> data) {
    }

    record RuleView(String id, String description, Long amount, Long providerAmount, Integer percentBps, Long minAmount,
            Long maxAmount, Integer dailyCap, Integer lifetimeCap, long cooldownSeconds, boolean active,
            Integer expiresAfterDays, Instant createdAt, Instant updatedAt) {

        static RuleView of(RewardRule r) {
            return new RuleView(r.id(), r.description(), r.amount(), r.providerAmount(), r.percentBps(), r.minAmount(),
                    r.maxAmount(), r.dailyCap(), r.lifetimeCap(), r.cooldown().toSeconds(), r.active(),
                    r.expiresAfterDays(), r.createdAt(), r.updatedAt());
        }
    }

    /** The caller's spendable balance and next expiry; an admin may ask for any user's with {@code user_id}. */
    @GetMapping("/v1/rewards/balance")
    Rewards.TokenBalance balance(Caller caller, @RequestParam(name = "user_id", required = false) String userId) {
        return rewards.tokenBalance(subject(caller, userId));
    }

    /** The caller's lots (awards) with what is left of each and when it expires, newest first. */
    @GetMapping("/v1/rewards/lots")
    LotPage lots(Caller caller, @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        int size = Page.limit(limit);
        Page<Award> page = Page.fromOverfetch(rewards.lots(subject(caller, userId), startingAfter, size + 1), size);
        return new LotPage(page.data(), page.hasMore());
    }

    @GetMapping("/v1/rewards/history")
    HistoryPage history(Caller caller, @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) Long startingAfter) {
        int size = Page.limit(limit);
        Page<TokenHistoryLine> page = Page.fromOverfetch(rewards.history(subject(caller, userId), startingAfter, size + 1),
                size);
        return new HistoryPage(page.data(), page.hasMore());
    }

    /** An award by the platform's backend (admin key): 201 when made now, 200 when it was made before. */
    @PostMapping("/v1/rewards/awards")
    ResponseEntity<Award> award(Caller caller, @RequestBody AwardBody body) {
        caller.requireAdmin();
        Rewards.Awarded awarded = rewards.award(new AwardRequest(body.rule(), body.userId(), body.source(),
                Boolean.TRUE.equals(body.provider()), body.value(), body.amount(), body.expiresAt()));
        return ResponseEntity.status(awarded.created() ? 201 : 200).body(awarded.award());
    }

    @GetMapping("/v1/rewards/rules")
    RuleList rules(Caller caller) {
        return new RuleList(rewards.rules().stream().map(RuleView::of).toList());
    }

    /** Creates (201) or replaces (200) an earning rule. */
    @PostMapping("/v1/rewards/rules")
    ResponseEntity<RuleView> saveRule(Caller caller, @RequestBody RuleBody body) {
        caller.requireAdmin();
        boolean exists = body.id() != null && rewards.rule(body.id()).isPresent();
        long cooldown = body.cooldownSeconds() == null ? 0 : body.cooldownSeconds();
        if (cooldown < 0) {
            throw ApiException.invalid("invalid_cooldown", "cooldown_seconds is zero or more");
        }
        RewardRule saved = rewards.saveRule(new RewardRule(body.id(), body.description(), body.amount(),
                body.providerAmount(), body.percentBps(), body.minAmount(), body.maxAmount(), body.dailyCap(),
                body.lifetimeCap(), Duration.ofSeconds(cooldown), body.active() == null || body.active(), null, null,
                body.expiresAfterDays()));
        return ResponseEntity.status(exists ? 200 : 201).body(RuleView.of(saved));
    }

    record SpendBody(String item) {
    }

    record ItemBody(String id, String description, Long price, String disposal, Long durationSeconds, Boolean active) {
    }

    record ItemView(String id, String description, long price, String disposal, Long durationSeconds, boolean active,
            Instant createdAt, Instant updatedAt) {

        static ItemView of(CatalogItem i) {
            return new ItemView(i.id(), i.description(), i.price(), i.disposal(),
                    i.duration() == null ? null : i.duration().toSeconds(), i.active(), i.createdAt(), i.updatedAt());
        }
    }

    record ItemList(List<ItemView> data) {
    }

    record SpendList(List<Spend> data) {
    }

    /** The caller spends their tokens on a catalog item. */
    @PostMapping("/v1/rewards/spend")
    @ResponseStatus(HttpStatus.CREATED)
    Spend spend(Caller caller, @RequestBody SpendBody body) {
        return rewards.spend(caller.userId(), body.item());
    }

    /** The caller's running benefits (an admin may add {@code user_id}). */
    @GetMapping("/v1/rewards/benefits")
    SpendList benefits(Caller caller, @RequestParam(name = "user_id", required = false) String userId) {
        return new SpendList(rewards.benefits(subject(caller, userId)));
    }

    @GetMapping("/v1/rewards/catalog")
    ItemList catalog(Caller caller) {
        return new ItemList(rewards.catalog().stream().map(ItemView::of).toList());
    }

    /** Creates (201) or replaces (200) a catalog item. */
    @PostMapping("/v1/rewards/catalog")
    ResponseEntity<ItemView> saveItem(Caller caller, @RequestBody ItemBody body) {
        caller.requireAdmin();
        boolean exists = body.id() != null && rewards.item(body.id()).isPresent();
        CatalogItem saved = rewards.saveItem(new CatalogItem(body.id(), body.description(),
                body.price() == null ? 0 : body.price(), body.disposal() == null ? "burn" : body.disposal(),
                body.durationSeconds() == null ? null : Duration.ofSeconds(body.durationSeconds()),
                body.active() == null || body.active(), null, null));
        return ResponseEntity.status(exists ? 200 : 201).body(ItemView.of(saved));
    }

    static String subject(Caller caller, String userId) {
        if (userId == null || userId.equals(caller.userId())) {
            return caller.userId();
        }
        caller.requireAdmin();
        return userId;
    }
}
