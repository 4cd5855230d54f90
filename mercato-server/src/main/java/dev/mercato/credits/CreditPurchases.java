package dev.mercato.credits;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.orders.MarketplaceAccounts;
import dev.mercato.payments.IdempotentRequests;
import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentAuthorization;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Top-ups: credits bought through the payment processor. The top-up is recorded first, in a
 * transaction of its own, so a retry under the same idempotency key finds it and reuses its
 * payment (the processor never charges twice); the payment is authorized and captured with no
 * database transaction open; then, in one transaction, the paid lot is granted and the ledger
 * posts both sides in one balanced transaction — the money as a sale to the platform (processor
 * clearing to platform revenue, less the processor's fee) and the credit from issuance into the
 * user's paid wallet. A declined payment grants nothing; its top-up ends {@code failed}.
 */
@Service
public class CreditPurchases {

    private final Credits credits;
    private final TopUps topUps;
    private final PaymentManagement payments;
    private final PaymentProcessors processors;
    private final Accounts accounts;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;
    private final CreditsProperties properties;

    CreditPurchases(Credits credits, TopUps topUps, PaymentManagement payments, PaymentProcessors processors,
            Accounts accounts, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock,
            AuditLog audit, CreditsProperties properties) {
        this.credits = credits;
        this.topUps = topUps;
        this.payments = payments;
        this.processors = processors;
        this.accounts = accounts;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.audit = audit;
        this.properties = properties;
    }

    /**
     * Buys {@code units} credits at the configured price in {@code currency}, paid with
     * {@code paymentMethod}. Idempotent by {@code idempotencyKey} per user (null: a new top-up).
     *
     * @throws PaymentException 402 {@code card_declined} etc. when the payment fails (nothing is
     *                          granted; retrying the same key gives the same answer), 503 when the
     *                          processor's answer is unknown (retry with the same key)
     * @throws ApiException     400 {@code invalid_units}, {@code unsupported_currency},
     *                          {@code invalid_payment_method}; 422 {@code idempotency_key_reused}
     */
    public CreditTopUp topUp(String userId, long units, String currency, String paymentMethod, String idempotencyKey) {
        credits.checkUnits(units);
        if (units < properties.minTopUp()) {
            throw ApiException.invalid("invalid_units", "a top-up buys at least " + properties.minTopUp() + " credits");
        }
        String code = currency == null ? "" : currency.toUpperCase(Locale.ROOT);
        Long price = properties.prices().get(code);
        if (price == null) {
            throw ApiException.invalid("unsupported_currency", "credits are sold in " + String.join(", ",
                    properties.prices().keySet()) + (currency == null ? "; currency is required" : ", not " + currency));
        }
        if (paymentMethod == null || paymentMethod.isBlank()) {
            throw ApiException.invalid("invalid_payment_method", "payment_method is required (e.g. tok_visa)");
        }
        long amount;
        try {
            amount = Math.multiplyExact(units, price);
        } catch (ArithmeticException overflow) {
            throw ApiException.invalid("invalid_units", units + " credits cost more than can be charged at once");
        }
        String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        IdempotentRequests.requireKey(key);
        CreditTopUp topUp = record(userId, units, code, amount, paymentMethod, key);
        if (topUp.status().equals("succeeded")) {
            return topUp;
        }
        // The recorded amount: a retry after a price change still asks for what the first request did.
        PaymentAttempt attempt = payments.authorize(new PaymentAuthorization("credits:top-up:" + topUp.id(), topUp.amount(), code,
                paymentMethod, Map.of("top_up_id", topUp.id(), "user_id", userId), null));
        if (topUp.paymentId() == null) {
            transactions.executeWithoutResult(s -> topUps.paymentStarted(topUp.id(), attempt.id(), clock.instant()));
        }
        return settle(topUp, attempt);
    }

    /**
     * Finishes a pending top-up whose payment the payments janitor settled after the buyer's call
     * had ended (a timeout cleared up, 3-D Secure completed later): captured and granted, or failed.
     */
    void finish(String topUpId, PaymentAttempt attempt) {
        topUps.find(topUpId).filter(t -> t.status().equals("pending")).ifPresent(topUp -> settle(topUp, attempt));
    }

    /**
     * Grants the credits of an authorized payment (capturing it first), marks a failed one failed,
     * and otherwise leaves the top-up pending; throws the payment's error unless it was captured.
     */
    private CreditTopUp settle(CreditTopUp topUp, PaymentAttempt attempt) {
        if (attempt.status() == PaymentStatus.FAILED || attempt.status() == PaymentStatus.CANCELED) {
            transactions.executeWithoutResult(s -> {
                if (topUps.failed(topUp.id(), attempt.failureCode() != null ? attempt.failureCode() : "payment_failed",
                        clock.instant())) {
                    audit.changed("credit_top_up", topUp.id(), summary(topUp), Map.of("status", "failed", "failure_code",
                            String.valueOf(attempt.failureCode())));
                }
            });
        }
        PaymentAttempt authorized = attempt.requireAuthorized();
        PaymentAttempt captured = authorized.status() == PaymentStatus.CAPTURED ? authorized
                : payments.capture(authorized.id(), null, "credits:top-up:" + topUp.id() + ":capture");
        long fee = processors.get(captured.adapter()).fee(topUp.amount(), topUp.currency());
        return fulfil(topUp.id(), captured.id(), fee);
    }

    public Optional<CreditTopUp> find(String topUpId) {
        return Ids.hasPrefix(topUpId, "ctu") ? topUps.find(topUpId) : Optional.empty();
    }

    private CreditTopUp record(String userId, long units, String currency, long amount, String paymentMethod, String key) {
        byte[] hash = IdempotentRequests.fingerprint(units, currency, paymentMethod);
        Instant now = clock.instant();
        CreditTopUp fresh = new CreditTopUp(Ids.next("ctu", clock), userId, units, currency, amount, "pending", null,
                null, null, now, now);
        return transactions.execute(s -> {
            if (topUps.insert(fresh, key, hash)) {
                return fresh;
            }
            TopUps.Keyed earlier = topUps.byKey(userId, key).orElseThrow();
            if (!MessageDigest.isEqual(earlier.requestHash(), hash)) {
                throw new ApiException(422, "idempotency_key_reused",
                        "this idempotency key was already used for a different top-up (" + earlier.topUp().id() + ")");
            }
            return earlier.topUp();
        });
    }

    /** Grants the paid lot and posts the sale, once: a top-up already fulfilled is returned as it is. */
    private CreditTopUp fulfil(String topUpId, String paymentId, long fee) {
        return transactions.execute(s -> {
            CreditTopUp topUp = topUps.lock(topUpId).orElseThrow();
            if (topUp.status().equals("succeeded")) {
                return topUp;
            }
            String currency = topUp.currency();
            List<Entry> money = new ArrayList<>();
            AccountId revenue = accounts.idOf(MarketplaceAccounts.platformRevenue(currency));
            money.add(Entry.debit(accounts.idOf(MarketplaceAccounts.clearing(currency)), topUp.amount(), currency));
            money.add(Entry.credit(revenue, topUp.amount(), currency));
            if (fee > 0) {
                money.add(Entry.debit(revenue, fee, currency));
                money.add(Entry.credit(accounts.idOf(MarketplaceAccounts.processorFees(currency)), fee, currency));
            }
            CreditLot lot = credits.grant(topUp.userId(), CreditKind.PAID, CreditSource.TOP_UP, topUp.units(), null,
                    "top-up", topUp.id(), topUp.userId(), "top-up:" + topUp.id(), money);
            Instant now = clock.instant();
            topUps.succeeded(topUp.id(), lot.id(), now);
            CreditTopUp done = new CreditTopUp(topUp.id(), topUp.userId(), topUp.units(), currency, topUp.amount(),
                    "succeeded", paymentId, null, lot.id(), topUp.createdAt(), now);
            events.publishEvent(new CreditsPurchased(topUp.userId(), topUp.id(), lot.id(), topUp.units(), currency,
                    topUp.amount(), paymentId, now));
            audit.changed("credit_top_up", topUp.id(), summary(topUp), summary(done));
            return done;
        });
    }

    private static Map<String, Object> summary(CreditTopUp t) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("user_id", t.userId());
        summary.put("units", t.units());
        summary.put("currency", t.currency());
        summary.put("amount", t.amount());
        summary.put("status", t.status());
        summary.put("lot_id", t.lotId());
        return summary;
    }
}
