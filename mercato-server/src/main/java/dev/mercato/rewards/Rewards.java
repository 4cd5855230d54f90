package dev.mercato.rewards;

import dev.mercato.billing.EntitlementOverrideManagement;
import dev.mercato.billing.Feature;
import dev.mercato.identity.UserManagement;
import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.StatementLine;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reward tokens for other modules and the API: earning rules, awards under them, balances and
 * history. Every award is one ledger transaction from the token treasury (a system account that
 * goes negative by the tokens in circulation) to the user's wallet, written in the transaction
 * that records the award; a balance is the wallet's ledger balance, never a second counter.
 */
@Service
public class Rewards {

    /** How a rule id, a user id and an award's source may look. */
    private static final int MAX_SOURCE = 200;

    private final RewardStore store;
    private final LeaderboardStore boards;
    private final TokenAccounts tokens;
    private final Ledger ledger;
    private final Accounts accounts;
    private final UserManagement users;
    private final EntitlementOverrideManagement entitlements;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final String asset;

    Rewards(RewardStore store, LeaderboardStore boards, TokenAccounts tokens, Ledger ledger, Accounts accounts,
            UserManagement users, EntitlementOverrideManagement entitlements, TransactionTemplate transactions,
            ApplicationEventPublisher events, AuditLog audit, Clock clock, RewardsProperties properties) {
        this.store = store;
        this.boards = boards;
        this.tokens = tokens;
        this.ledger = ledger;
        this.accounts = accounts;
        this.users = users;
        this.entitlements = entitlements;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.asset = properties.asset();
    }

    /** The token's ledger asset code. */
    public String asset() {
        return asset;
    }

    public List<RewardRule> rules() {
        return store.rules();
    }

    public Optional<RewardRule> rule(String id) {
        return store.rule(id);
    }

    /** Creates or replaces an earning rule (an operator's change); awards already made stand. */
    public RewardRule saveRule(RewardRule rule) {
        RuleChecks.check(rule);
        return transactions.execute(status -> audit.changing("rule", rule.id(), () -> store.rule(rule.id()).orElse(null),
                () -> store.save(rule, clock.instant())));
    }

    /** An award and whether this call made it ({@code false}: it was made before, under the same source). */
    public record Awarded(Award award, boolean created) {
    }

    /**
     * Awards tokens under a rule, once per rule, user and source: a retried or raced award returns
     * the first. Caps and cooldowns are checked under a lock on the rule and user, so concurrent
     * awards cannot overshoot them. The award is a lot that expires at the request's
     * {@code expiresAt}, else after the rule's {@code expires_after_days}, else never.
     *
     * @throws ApiException 404 {@code rule_not_found} / {@code user_not_found}; 409 {@code rule_inactive},
     *                      {@code daily_cap_reached}, {@code lifetime_cap_reached}, {@code cooldown_active};
     *                      400 for an amount or value the rule cannot pay, or an expiry not in the future
     */
    public Awarded award(AwardRequest request) {
        String ruleId = required(request.ruleId(), "rule");
        String userId = required(request.userId(), "user_id");
        String source = required(request.source(), "source");
        if (source.length() > MAX_SOURCE) {
            throw ApiException.invalid("invalid_source", "source is at most " + MAX_SOURCE + " characters");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
            throw ApiException.invalid("invalid_expires_at", "expires_at must lie in the future");
        }
        store.rule(ruleId).orElseThrow(() -> ApiException.notFound("rule_not_found", "no reward rule " + ruleId));
        users.find(userId).orElseThrow(() -> ApiException.notFound("user_not_found", "no user " + userId));
        AccountId from = tokens.treasury();
        AccountId to = tokens.wallet(userId);
        return transactions.execute(status -> {
            store.lock(ruleId, userId);
            Optional<Award> earlier = store.award(ruleId, userId, source, asset);
            if (earlier.isPresent()) {
                return new Awarded(earlier.get(), false);
            }
            RewardRule rule = store.rule(ruleId).orElseThrow();
            if (!rule.active()) {
                throw new ApiException(409, "rule_inactive", "reward rule " + ruleId + " is switched off");
            }
            long amount = rule.amountFor(request);
            if (amount <= 0) {
                throw ApiException.invalid("award_too_small", "rule " + ruleId + " pays nothing for a value of " + request.value());
            }
            Instant now = clock.instant();
            checkLimits(rule, store.counts(ruleId, userId, now.truncatedTo(ChronoUnit.DAYS)), now);
            String id = Ids.next("rwd", clock);
            Transaction posted = ledger.post(new TransactionRequest("reward:" + id, "rewards.earn",
                    List.of(Entry.debit(from, amount, asset), Entry.credit(to, amount, asset)), null, id,
                    Map.of("rule", ruleId, "user_id", userId, "source", source)));
            boards.add(userId, amount, posted.createdAt()); // the leaderboards' periods are the ledger's time
            Instant expires = request.expiresAt() != null ? request.expiresAt()
                    : rule.expiresAfterDays() == null ? null : now.plus(rule.expiresAfterDays(), ChronoUnit.DAYS);
            Award award = new Award(id, ruleId, userId, source, amount, asset, posted.id().value(), now, expires, amount, 0);
            store.insert(award);
            audit.changed("award", id, null, award);
            events.publishEvent(new RewardAwarded(id, ruleId, userId, source, amount, asset, now));
            return new Awarded(award, true);
        });
    }

    public List<CatalogItem> catalog() {
        return store.catalog();
    }

    public Optional<CatalogItem> item(String id) {
        return store.item(id);
    }

    /** Creates or replaces a catalog item (an operator's change); benefits already bought stand. */
    public CatalogItem saveItem(CatalogItem item) {
        ItemChecks.check(item);
        return transactions.execute(status -> audit.changing("catalog_item", item.id(),
                () -> store.item(item.id()).orElse(null), () -> store.save(item, clock.instant())));
    }

    /**
     * Spends the user's tokens on a catalog item: the price is taken from the soonest-expiring lots
     * and leaves the wallet (burned, or back to the treasury, as the item says) in the same
     * transaction that records the benefit and grants it through billing's entitlements (an
     * override of the feature named like the item, until the benefit ends). Buying an item whose
     * benefit is still running extends it from its current end.
     *
     * @throws ApiException 404 {@code item_not_found}; 409 {@code item_inactive};
     *                      422 {@code insufficient_tokens} when the unexpired lots hold less than the price
     */
    public Spend spend(String userId, String itemId) {
        CatalogItem item = store.item(required(itemId, "item"))
                .orElseThrow(() -> ApiException.notFound("item_not_found", "no reward catalog item " + itemId));
        if (!item.active()) {
            throw new ApiException(409, "item_inactive", "catalog item " + itemId + " is not for sale");
        }
        AccountId wallet = tokens.wallet(userId);
        AccountId sink = item.disposal().equals("burn") ? tokens.burned() : tokens.treasury();
        return transactions.execute(status -> {
            Instant now = clock.instant();
            long before = tokens.take(userId, item.price(), now, item.id());
            String id = Ids.next("rsp", clock);
            Transaction posted = ledger.post(new TransactionRequest("reward-spend:" + id, "rewards.spend",
                    List.of(Entry.debit(wallet, item.price(), asset), Entry.credit(sink, item.price(), asset)), null, id,
                    Map.of("item", item.id(), "user_id", userId, "disposal", item.disposal())));
            Instant from = store.activeSpends(userId, now, asset).stream()
                    .filter(s -> s.itemId().equals(item.id()) && s.expiresAt() != null)
                    .map(Spend::expiresAt).max(Instant::compareTo).orElse(now);
            Instant expires = item.duration() == null ? null : from.plus(item.duration());
            Spend spend = new Spend(id, item.id(), userId, item.price(), asset, item.disposal(), posted.id().value(), now,
                    expires, before - item.price());
            store.insert(spend);
            entitlements.grant(userId, item.id(), Feature.on(), expires, "reward spend " + id);
            audit.changed("spend", id, null, spend);
            return spend;
        });
    }

    /** The user's benefits that are running now, soonest to end first (the ones for good last). */
    public List<Spend> benefits(String userId) {
        return store.activeSpends(userId, clock.instant(), asset);
    }

    /**
     * The tokens the user can spend: what is left of their unexpired lots (0 before their first
     * award). Tokens past their expiry are not counted, whether or not the expiry job has taken
     * them out of the wallet yet.
     */
    public long balance(String userId) {
        return store.spendableTotal(userId, clock.instant());
    }

    /** A user's balance and when their next tokens expire. */
    public record TokenBalance(String userId, String asset, long balance, Instant nextExpiryAt, long nextExpiryTokens) {
    }

    public TokenBalance tokenBalance(String userId) {
        Instant now = clock.instant();
        RewardStore.Expiring next = store.nextExpiring(userId, now).orElse(null);
        return new TokenBalance(userId, asset, store.spendableTotal(userId, now), next == null ? null : next.at(),
                next == null ? 0 : next.tokens());
    }

    /** The user's awards (lots) with what is left of each and when it expires, newest first. */
    public List<Award> lots(String userId, String startingAfter, int limit) {
        return store.lots(userId, startingAfter, limit, asset);
    }

    /** The user's token movements, newest first, after {@code startingAfter} (a sequence) when given. */
    public List<TokenHistoryLine> history(String userId, Long startingAfter, int limit) {
        return accounts.find(AccountOwner.user(userId), "rewards.wallet", asset)
                .map(a -> accounts.statement(a.id(), startingAfter, limit).stream().map(Rewards::line).toList())
                .orElse(List.of());
    }

    /**
     * Takes up to {@code amount} tokens back from the user's wallet into the treasury — as many as
     * the wallet's unexpired lots still hold, soonest-expiring first; spent tokens stay spent — as one {@code rewards.adjust} ledger
     * transaction in the caller's transaction (referrals use it when a qualifying purchase is
     * refunded). The history shows it as {@code adjust}; leaderboards keep ranking tokens earned.
     *
     * @param reference what the tokens are taken back for; at most one take-back per reference
     * @return the tokens taken back, 0 when the wallet is empty
     * @throws LedgerException {@link LedgerError#INSUFFICIENT_FUNDS} when a spend took the tokens meanwhile:
     *                         the caller's transaction should be retried
     */
    public long takeBack(String userId, long amount, String reference) {
        Instant now = clock.instant();
        store.lockWallet(userId);
        long take = Math.min(amount, store.spendableTotal(userId, now));
        if (take <= 0) {
            return 0;
        }
        tokens.take(userId, take, now, "a take-back");
        Transaction posted = ledger.post(new TransactionRequest("reward-take-back:" + reference, "rewards.adjust",
                List.of(Entry.debit(tokens.wallet(userId), take, asset), Entry.credit(tokens.treasury(), take, asset)),
                null, reference, Map.of("user_id", userId, "reason", "take_back")));
        store.insertTakeBack(reference, userId, take, posted.id().value(), now);
        return take;
    }

    /** The five kinds of movement a user sees; any other ledger movement of the wallet is an adjustment. */
    private static TokenHistoryLine line(StatementLine l) {
        String type = switch (l.type()) {
            case "rewards.earn" -> "earn";
            case "rewards.spend" -> "spend";
            case "rewards.redeem" -> "redeem";
            case "rewards.expire" -> "expire";
            default -> "adjust";
        };
        return new TokenHistoryLine(l.sequence(), l.transactionId().value(), type, l.amount(), l.runningBalance(),
                l.reference(), l.createdAt());
    }

    private static void checkLimits(RewardRule rule, RewardStore.Counts counts, Instant now) {
        if (rule.lifetimeCap() != null && counts.ever() >= rule.lifetimeCap()) {
            throw new ApiException(409, "lifetime_cap_reached", "rule " + rule.id() + " pays a user at most "
                    + rule.lifetimeCap() + " time(s)");
        }
        if (rule.dailyCap() != null && counts.since() >= rule.dailyCap()) {
            throw new ApiException(409, "daily_cap_reached", "rule " + rule.id() + " pays a user at most "
                    + rule.dailyCap() + " time(s) per UTC day");
        }
        if (counts.latest() != null && !rule.cooldown().isZero() && counts.latest().plus(rule.cooldown()).isAfter(now)) {
            Instant next = counts.latest().plus(rule.cooldown());
            throw new ApiException(409, "cooldown_active", "rule " + rule.id() + " pays this user again from " + next,
                    Map.of("retry_at", next.toString()));
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("missing_" + name, name + " is required");
        }
        return value;
    }
}
