package dev.mercato.rewards;

import dev.mercato.billing.EntitlementOverrideManagement;
import dev.mercato.credits.CreditLot;
import dev.mercato.credits.Credits;
import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.payouts.EarningsRelease;
import dev.mercato.payouts.Payout;
import dev.mercato.payouts.PayoutAccount;
import dev.mercato.payouts.PayoutAccountManagement;
import dev.mercato.payouts.PayoutManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Redeeming tokens for cash, credits, a plan feature or a voucher code (ADR 0022). Each redemption
 * takes its tokens from the user's soonest-expiring lots under the lock on the user's wallet, and
 * writes one {@code rewards.redeem} ledger transaction — the tokens out of the wallet into the
 * redeemed-tokens account, plus the other side of what they bought — in the database transaction
 * that records the redemption and its effect. Parallel redemptions of one user queue on that lock,
 * so they can never take more than the balance.
 */
@Service
public class Redemptions {

    public static final List<String> TYPES = List.of("cash", "credits", "feature", "voucher");
    static final int MAX_DAYS = 366;

    private static final Logger log = LoggerFactory.getLogger(Redemptions.class);
    private static final char[] CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenAccounts tokens;
    private final RedemptionStore store;
    private final Ledger ledger;
    private final Credits credits;
    private final EntitlementOverrideManagement entitlements;
    private final PayoutAccountManagement payoutAccounts;
    private final PayoutManagement payouts;
    private final EarningsRelease earnings;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final RewardsProperties.Redemption settings;
    private final String asset;

    Redemptions(TokenAccounts tokens, RedemptionStore store, Ledger ledger, Credits credits,
            EntitlementOverrideManagement entitlements, PayoutAccountManagement payoutAccounts, PayoutManagement payouts,
            EarningsRelease earnings, TransactionTemplate transactions, ApplicationEventPublisher events, AuditLog audit,
            Clock clock, RewardsProperties properties) {
        this.tokens = tokens;
        this.store = store;
        this.ledger = ledger;
        this.credits = credits;
        this.entitlements = entitlements;
        this.payoutAccounts = payoutAccounts;
        this.payouts = payouts;
        this.earnings = earnings;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.settings = properties.redemption();
        this.asset = properties.asset();
    }

    /**
     * Redeems the user's tokens.
     *
     * @throws ApiException 400 {@code missing_type}, {@code invalid_redemption_type}, {@code invalid_tokens},
     *                      {@code invalid_days}, {@code missing_feature}; 404 {@code feature_not_redeemable};
     *                      409 {@code feature_already_granted}; 422 {@code below_minimum},
     *                      {@code payout_account_missing}, {@code payout_account_not_ready},
     *                      {@code insufficient_tokens}
     */
    public Redemption redeem(String userId, RedemptionRequest request) {
        if (request.type() == null || request.type().isBlank()) {
            throw ApiException.invalid("missing_type", "type is one of " + String.join(", ", TYPES));
        }
        return switch (request.type()) {
            case "cash" -> cash(userId, amount(request, settings.cash().minimum()));
            case "credits" -> credits(userId, amount(request, settings.credits().minimum()));
            case "feature" -> feature(userId, request.feature(), request.days());
            case "voucher" -> issueVoucher(userId);
            default -> throw ApiException.invalid("invalid_redemption_type",
                    "type is one of " + String.join(", ", TYPES) + ", not " + request.type());
        };
    }

    /** The user's redemptions, newest first. */
    public List<Redemption> history(String userId, String startingAfter, int limit) {
        return store.ofUser(userId, startingAfter, limit, asset);
    }

    private static long amount(RedemptionRequest request, long minimum) {
        if (request.tokens() == null || request.tokens() < 1) {
            throw ApiException.invalid("invalid_tokens", "tokens is a positive number of tokens to redeem");
        }
        if (request.tokens() < minimum) {
            throw new ApiException(422, "below_minimum", "a " + request.type() + " redemption takes at least " + minimum
                    + " tokens; " + request.tokens() + " were asked for", Map.of("minimum", minimum));
        }
        return request.tokens();
    }

    /**
     * Tokens for cash: the face value (tokens × {@code face-value}) is debited from the platform's
     * rewards funding; the fee goes to the platform's redemption fees; the rest becomes the user's
     * available earnings in the same ledger transaction. A payout of it is then requested through
     * payouts; if that is refused, the earnings stay available for the user's next payout.
     */
    private Redemption cash(String userId, long count) {
        RewardsProperties.Cash cash = settings.cash();
        PayoutAccount account = payoutAccounts.ofSeller(userId).orElseThrow(() -> new ApiException(422,
                "payout_account_missing", "cash redemptions are paid to a payout account: connect one with POST /v1/payout-accounts"));
        if (!account.ready()) {
            throw new ApiException(422, "payout_account_not_ready",
                    "the payout account cannot receive payouts yet: finish onboarding with the processor first");
        }
        long face;
        long paid;
        try {
            face = Math.multiplyExact(count, cash.faceValue());
            paid = Math.multiplyExact(face, 10_000L - cash.feeBps()) / 10_000;
        } catch (ArithmeticException e) {
            throw ApiException.invalid("invalid_tokens", "too many tokens for one redemption");
        }
        long fee = face - paid;
        long[] available = new long[1];
        AccountId wallet = tokens.wallet(userId);
        String currency = cash.currency();
        Redemption done = transactions.execute(status -> {
            Instant now = clock.instant();
            long before = tokens.take(userId, count, now, "redeeming " + count + " tokens");
            String id = Ids.next("rdm", clock);
            List<Entry> entries = new ArrayList<>(tokenLegs(wallet, count));
            entries.add(Entry.debit(tokens.funding(currency), face, currency));
            if (fee > 0) {
                entries.add(Entry.credit(tokens.redemptionFees(currency), fee, currency));
            }
            EarningsRelease.Credit credited = earnings.creditAvailable(id, userId, currency, paid, now);
            entries.addAll(credited.entries());
            available[0] = credited.available();
            Transaction posted = post(id, userId, "cash", entries);
            Redemption r = new Redemption(id, userId, "cash", count, asset, currency, face, fee, paid, null, null, null, null,
                    null, null, posted.id().value(), now, before - count);
            return record(r);
        });
        return payOut(done, available[0]);
    }

    /**
     * Requests the payout of a cash redemption (what of it became available, after any debt was
     * repaid), once its transaction has committed.
     */
    private Redemption payOut(Redemption r, long amount) {
        if (amount == 0) {
            return r;
        }
        try {
            Payout payout = payouts.request(r.userId(), amount, r.currency());
            transactions.executeWithoutResult(status -> store.setPayout(r.id(), payout.id()));
            return r.withPayout(payout.id());
        } catch (ApiException refused) {
            log.info("redemption {}: payout not requested ({}); the cash stays in the user's available earnings", r.id(),
                    refused.code());
            return r;
        } catch (RuntimeException failed) {
            log.warn("redemption {}: the payout request failed; the cash stays in the user's available earnings", r.id(),
                    failed);
            return r;
        }
    }

    /** Tokens for free credits through the credits module: its grant and the tokens are one ledger transaction. */
    private Redemption credits(String userId, long count) {
        RewardsProperties.CreditExchange exchange = settings.credits();
        long units;
        try {
            units = Math.multiplyExact(count, exchange.perToken());
        } catch (ArithmeticException e) {
            throw ApiException.invalid("invalid_tokens", "too many tokens for one redemption");
        }
        AccountId wallet = tokens.wallet(userId);
        return transactions.execute(status -> {
            Instant now = clock.instant();
            long before = tokens.take(userId, count, now, "redeeming " + count + " tokens");
            String id = Ids.next("rdm", clock);
            Instant expires = exchange.expiresAfter() == null ? null : now.plus(exchange.expiresAfter());
            CreditLot lot = credits.grantInExchange(userId, units, expires, "reward redemption " + id, id,
                    "redemption:" + id, "rewards.redeem", tokenLegs(wallet, count));
            Redemption r = new Redemption(id, userId, "credits", count, asset, null, null, null, null, units, lot.id(), null,
                    null, null, null, lot.transactionId(), now, before - count);
            return record(r);
        });
    }

    /**
     * Tokens for a plan feature for {@code days}, granted as an entitlement override; a feature still
     * running from an earlier redemption is extended from its end.
     */
    private Redemption feature(String userId, String feature, Integer days) {
        if (feature == null || feature.isBlank()) {
            throw ApiException.invalid("missing_feature", "a feature redemption names the feature");
        }
        Long perDay = settings.features().get(feature);
        if (perDay == null) {
            throw ApiException.notFound("feature_not_redeemable", "tokens do not buy '" + feature + "'; they buy "
                    + String.join(", ", settings.features().keySet()));
        }
        if (days == null || days < 1 || days > MAX_DAYS) {
            throw ApiException.invalid("invalid_days", "days is from 1 to " + MAX_DAYS);
        }
        long count = perDay * days;
        entitlements.planFeature(feature);
        AccountId wallet = tokens.wallet(userId);
        return transactions.execute(status -> {
            Instant now = clock.instant();
            long before = tokens.take(userId, count, now, days + " days of " + feature);
            Optional<EntitlementOverrideManagement.UserOverride> running = entitlements.current(userId, feature);
            if (running.isPresent() && running.get().expiresAt() == null) {
                throw new ApiException(409, "feature_already_granted", "the user has " + feature + " for good already");
            }
            Instant from = running.map(EntitlementOverrideManagement.UserOverride::expiresAt).filter(now::isBefore).orElse(now);
            Instant until = from.plus(Duration.ofDays(days));
            String id = Ids.next("rdm", clock);
            Transaction posted = post(id, userId, "feature", tokenLegs(wallet, count));
            entitlements.grantPlanFeature(userId, feature, until, "reward redemption " + id);
            Redemption r = new Redemption(id, userId, "feature", count, asset, null, null, null, null, null, null, feature,
                    until, null, null, posted.id().value(), now, before - count);
            return record(r);
        });
    }

    /** Tokens for a voucher code worth the configured value. */
    private Redemption issueVoucher(String userId) {
        RewardsProperties.Voucher kind = settings.voucher();
        AccountId wallet = tokens.wallet(userId);
        return transactions.execute(status -> {
            Instant now = clock.instant();
            long before = tokens.take(userId, kind.tokens(), now, "a voucher");
            String id = Ids.next("rdm", clock);
            Transaction posted = post(id, userId, "voucher", tokenLegs(wallet, kind.tokens()));
            String code;
            do {
                code = newCode();
            } while (store.voucher(code).isPresent());
            Redemption r = new Redemption(id, userId, "voucher", kind.tokens(), asset, kind.currency(), null, null, null,
                    null, null, null, null, code, null, posted.id().value(), now, before - kind.tokens());
            Redemption recorded = record(r);
            Voucher voucher = new Voucher(code, id, userId, kind.value(), kind.currency(), "issued", now, null, null, null);
            if (!store.insert(voucher)) {
                throw new IllegalStateException("voucher code " + code + " was issued at the same instant twice");
            }
            return recorded;
        });
    }

    /** A voucher by its code: its owner's, or any for an operator (the caller checks which). */
    public Optional<Voucher> voucher(String code) {
        return code == null ? Optional.empty() : store.voucher(code.toUpperCase(java.util.Locale.ROOT));
    }

    public List<Voucher> vouchers(String userId, String status, String startingAfter, int limit) {
        if (status != null && !status.equals("issued") && !status.equals("used")) {
            throw ApiException.invalid("invalid_status", "status is issued or used");
        }
        return store.vouchers(userId, status, startingAfter, limit);
    }

    /**
     * Marks a voucher used, once: the platform honours it and says so.
     *
     * @throws ApiException 404 {@code voucher_not_found}; 409 {@code voucher_already_used}
     */
    public Voucher use(String code, String usedBy, String reference) {
        if (reference != null && reference.length() > 200) {
            throw ApiException.invalid("invalid_reference", "reference is at most 200 characters");
        }
        String normalized = code == null ? "" : code.toUpperCase(java.util.Locale.ROOT);
        return transactions.execute(status -> {
            Voucher before = store.lockVoucher(normalized)
                    .orElseThrow(() -> ApiException.notFound("voucher_not_found", "no voucher " + code));
            if (before.usedAt() != null) {
                throw new ApiException(409, "voucher_already_used", "voucher " + code + " was used at " + before.usedAt(),
                        Map.of("used_at", before.usedAt().toString()));
            }
            store.markUsed(normalized, usedBy, reference, clock.instant());
            Voucher after = store.voucher(normalized).orElseThrow();
            audit.changed("voucher", normalized, before, after);
            return after;
        });
    }

    private List<Entry> tokenLegs(AccountId wallet, long count) {
        return List.of(Entry.debit(wallet, count, asset), Entry.credit(tokens.redeemed(), count, asset));
    }

    private Transaction post(String id, String userId, String type, List<Entry> entries) {
        return ledger.post(new TransactionRequest("reward-redemption:" + id, "rewards.redeem", entries, null, id,
                Map.of("user_id", userId, "redemption_type", type)));
    }

    private Redemption record(Redemption r) {
        store.insert(r);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("type", r.type());
        after.put("tokens", r.tokens());
        after.put("balance", r.balance());
        audit.changed("redemption", r.id(), Map.of("balance", r.balance() + r.tokens()), after);
        events.publishEvent(new TokensRedeemed(r.id(), r.userId(), r.type(), r.tokens(), r.asset(), r.currency(), r.cash(),
                r.fee(), r.credits(), r.feature(), r.featureExpiresAt(), r.voucherCode(), r.createdAt()));
        return r;
    }

    /** A code like {@code RWD-7KQ4-M2XA-9PZC}: 60 random bits in an alphabet without look-alikes. */
    private static String newCode() {
        StringBuilder code = new StringBuilder("RWD");
        for (int i = 0; i < 12; i++) {
            if (i % 4 == 0) {
                code.append('-');
            }
            code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
        }
        return code.toString();
    }
}
