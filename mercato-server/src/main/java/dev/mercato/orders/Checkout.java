package dev.mercato.orders;

import dev.mercato.catalog.ListingKind;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.catalog.ListingVersion;
import dev.mercato.ledger.Hold;
import dev.mercato.payments.PaymentAttempt;
import dev.mercato.payments.PaymentAuthorization;
import dev.mercato.payments.PaymentException;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.PaymentStatus;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a cart into an order and takes its payment. Prices come from the published listing
 * versions, never from the client. Paying is resumable: reserve what is one-per-buyer, authorize,
 * reserve the amount in the ledger, capture, then split it in the ledger and mark the order paid —
 * each step idempotent under a key derived from the order, each database step committed before
 * the processor is called again (riding in the transaction that records the payment attempt's
 * own step), and no database transaction held open while the processor is called. Calling pay
 * again after an interruption finishes the payment; it never charges twice.
 */
@Service
public class Checkout {

    static final int MAX_ITEMS = 50;

    private final Orders orders;
    private final Purchases purchases;
    private final CommissionRules rules;
    private final OrderLedger money;
    private final ListingManagement listings;
    private final PaymentManagement payments;
    private final PaymentProcessors processors;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Downloads downloads;
    private final Clock clock;
    private final AuditLog audit;

    Checkout(Orders orders, Purchases purchases, CommissionRules rules, OrderLedger money, ListingManagement listings,
            PaymentManagement payments, PaymentProcessors processors, TransactionTemplate transactions,
            ApplicationEventPublisher events, Downloads downloads, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.orders = orders;
        this.purchases = purchases;
        this.rules = rules;
        this.money = money;
        this.listings = listings;
        this.payments = payments;
        this.processors = processors;
        this.transactions = transactions;
        this.events = events;
        this.downloads = downloads;
        this.clock = clock;
    }

    /** Creates an order awaiting payment from the listings' current published versions and prices. */
    public Order create(String buyerId, List<String> listingIds) {
        if (listingIds == null || listingIds.isEmpty() || listingIds.size() > MAX_ITEMS) {
            throw ApiException.invalid("invalid_items", "an order has 1 to " + MAX_ITEMS + " items");
        }
        List<ListingVersion> versions = new ArrayList<>();
        Set<String> onePerBuyer = new HashSet<>();
        String currency = null;
        for (String listingId : listingIds) {
            if (listingId == null) {
                throw ApiException.invalid("invalid_items", "every item needs a listing_id");
            }
            ListingVersion v = listings.purchasable(listingId);
            if (v.sellerId().equals(buyerId)) {
                throw new ApiException(422, "cannot_buy_own_listing", "a seller cannot buy its own listing " + listingId);
            }
            if (currency != null && !currency.equals(v.priceCurrency())) {
                throw ApiException.invalid("mixed_currencies",
                        "one order is paid in one currency; " + listingId + " is priced in " + v.priceCurrency()
                                + ", the others in " + currency);
            }
            currency = v.priceCurrency();
            if (v.kind().onePerBuyer()) {
                if (!onePerBuyer.add(listingId)) {
                    throw ApiException.invalid("duplicate_item", listingId + " can be bought once; it is in the cart twice");
                }
                if (purchases.owns(buyerId, listingId)) {
                    throw new ApiException(409, "already_purchased", "the buyer already owns listing " + listingId);
                }
            }
            versions.add(v);
        }
        CommissionRules.Applicable applicable = rules.applicable(versions.stream().map(ListingVersion::sellerId).toList());
        CommissionPolicy policy = new CommissionPolicy(applicable.rules().stream().map(CommissionRules.Stored::rule).toList());
        List<OrderLine> lines = new ArrayList<>();
        long total = 0;
        for (ListingVersion v : versions) {
            CommissionRule rule = policy.ruleFor(new CommissionPolicy.Line(v.listingId(), v.sellerId(),
                    applicable.tiers().get(v.sellerId()), v.categoryId(), v.kind().code()));
            String ruleId = applicable.rules().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow().id();
            lines.add(new OrderLine(lines.size() + 1, v.listingId(), v.version(), v.sellerId(), v.kind().code(),
                    v.categoryId(), v.title(), v.priceAmount(), rule.commissionOn(v.priceAmount()), ruleId, null, null,
                    null, 0));
            total = Math.addExact(total, v.priceAmount());
        }
        Instant now = clock.instant();
        Order order = new Order(Ids.next("ord", clock), buyerId, OrderStatus.PENDING_PAYMENT, "none", currency, total,
                List.copyOf(lines), null, null, null, null, now, now, null);
        transactions.executeWithoutResult(status -> {
            orders.insert(order);
            audit.changed("order", order.id(), null, order.auditState());
        });
        return order;
    }

    /** Pays for an order with a processor payment method, or finishes a payment that was interrupted. */
    public Order pay(String orderId, Caller caller, String paymentMethod) {
        Order order = mine(orderId, caller);
        if (order.status() != OrderStatus.PENDING_PAYMENT) {
            if (order.paidAt() != null) {
                return order;
            }
            throw new ApiException(409, "order_not_payable", "order " + orderId + " is " + order.status().code());
        }
        if (order.total() == 0) {
            return settleFree(orderId);
        }
        if (order.paymentStep().equals("none") || order.paymentStep().equals("failed")
                || order.paymentStep().equals("authorizing")) {
            Authorized authorized = authorize(order, paymentMethod);
            return complete(authorized.order(), authorized.attempt());
        }
        return complete(order, null);
    }

    /**
     * Finishes an order whose payment was settled after the buyer's call had ended — a timeout the
     * janitor cleared up, a 3-D Secure step completed later: an authorization is captured and the
     * order paid; a failure fails the order. An authorization the order no longer needs (it was
     * paid another way meanwhile) is canceled, so the buyer is charged once.
     */
    void finish(String orderId, PaymentAttempt attempt) {
        Order order = orders.find(orderId).orElse(null);
        if (order == null) {
            return;
        }
        boolean authorized = attempt.status() == PaymentStatus.AUTHORIZED || attempt.status() == PaymentStatus.CAPTURED;
        if (!authorized) {
            if (order.status() == OrderStatus.PENDING_PAYMENT && order.paymentStep().equals("authorizing")) {
                fail(orderId, attempt.failureCode());
            }
            return;
        }
        if (order.status() != OrderStatus.PENDING_PAYMENT
                || (order.paymentId() != null && !order.paymentId().equals(attempt.id()))) {
            if (attempt.status() == PaymentStatus.AUTHORIZED && !attempt.id().equals(order.paymentId())) {
                payments.cancel(attempt.id());
            }
            return;
        }
        Order recorded = recordAuthorization(orderId, attempt);
        complete(recorded, attempt.id().equals(recorded.paymentId()) ? attempt : null);
    }

    /**
     * Captures an authorized order's payment and settles it; returns the order as it then stands.
     * {@code attempt} is the order's authorized payment when the caller just recorded it (null: it is
     * read); a stale one costs nothing, as the processor refuses to capture what it no longer holds.
     */
    private Order complete(Order order, PaymentAttempt attempt) {
        if (order.status() != OrderStatus.PENDING_PAYMENT || !order.paymentStep().equals("authorized")) {
            return order;
        }
        String key = "order:" + order.id() + ":capture";
        Order[] settled = new Order[1];
        Consumer<PaymentAttempt> settle = captured -> settled[0] = settle(order,
                processors.get(captured.adapter()).fee(order.total(), order.currency()));
        if (attempt != null) {
            payments.capture(attempt, null, key, settle);
        } else {
            payments.capture(order.paymentId(), null, key, settle);
        }
        return settled[0] != null ? settled[0] : orders.find(order.id()).orElseThrow();
    }

    public Optional<Order> find(String orderId, Caller caller) {
        return orders.find(orderId).filter(o -> caller.mayAccess(o.buyerId()));
    }

    /** An order as other modules read it when they react to its events (no caller to check). */
    public Optional<Order> find(String orderId) {
        return orders.find(orderId);
    }

    /** A buyer's orders, newest first: the purchase history. */
    public List<Order> history(String buyerId, String startingAfter, int limit) {
        return orders.ofBuyer(buyerId, startingAfter, limit);
    }

    /**
     * Reserves what is one-per-buyer and asks the processor; a refusal fails the order and is thrown.
     * The order's steps ride in the payment's own transactions: marking it authorizing in the one
     * that records the attempt, reserving the amount in the ledger in the one that records the
     * authorization (so a payment costs the buyer's call no commits of its own).
     *
     * @return the order as it stands afterwards, and the attempt that authorized it
     */
    private Authorized authorize(Order order, String paymentMethod) {
        if (paymentMethod == null || paymentMethod.isBlank()) {
            throw ApiException.invalid("payment_method_required", "pay with a payment_method (a processor token)");
        }
        Recording recording = new Recording(order.id(), order);
        PaymentAttempt attempt;
        try {
            attempt = payments.authorize(new PaymentAuthorization("order:" + order.id() + ":pay:" + fingerprint(paymentMethod),
                    order.total(), order.currency(), paymentMethod, Map.of("order_id", order.id()), order.id()), recording);
        } catch (PaymentException refused) {
            fail(order.id(), refused.code());
            throw refused;
        }
        if (attempt.status() == PaymentStatus.FAILED || attempt.status() == PaymentStatus.CANCELED) {
            fail(order.id(), attempt.failureCode());
        }
        attempt.requireAuthorized();
        return new Authorized(recording.recorded != null ? recording.afterwards(attempt)
                : recordAuthorization(order.id(), attempt), attempt);
    }

    /** An order as its authorization left it, and the payment attempt that authorized it. */
    private record Authorized(Order order, PaymentAttempt attempt) {
    }

    /** The order's side of {@link #authorize}, done in the payment's transactions. */
    private final class Recording implements PaymentManagement.Alongside {

        private final String orderId;
        private final Order read;
        private Order recorded;
        private ApiException refused;

        /** {@code read}: the order as read before asking for its payment (null when not asking). */
        Recording(String orderId, Order read) {
            this.orderId = orderId;
            this.read = read;
        }

        /**
         * Marks the order authorizing — the update takes the order's row lock, so payment steps on
         * one order still take turns — and reserves its one-per-buyer items, which come from the
         * order as read before: an order's buyer and items never change.
         */
        @Override
        public void beforeAsking() {
            transactions.executeWithoutResult(status -> {
                orders.paymentStep(orderId, "authorizing", null, null, null, clock.instant());
                reserveItems(read);
            });
        }

        @Override
        public void authorized(PaymentAttempt attempt) {
            transactions.executeWithoutResult(status -> recorded = recordAuthorizationHere(orderId, attempt, this));
        }

        /** Once the payment's transaction committed: an authorization the order could not take is canceled. */
        Order afterwards(PaymentAttempt attempt) {
            if (refused != null && attempt.status() == PaymentStatus.AUTHORIZED) {
                payments.cancel(attempt.id());
            }
            return recorded;
        }
    }

    /**
     * Reserves the authorized amount in the ledger and records the payment on the order, once, in a
     * transaction of its own (an authorization that arrives later: the janitor's, a 3-D Secure step).
     *
     * @return the order as it stands afterwards
     */
    private Order recordAuthorization(String orderId, PaymentAttempt attempt) {
        Recording recording = new Recording(orderId, null);
        recording.authorized(attempt);
        return recording.afterwards(attempt);
    }

    /**
     * The order's part of recording an authorization, in the caller's transaction. An authorization
     * that arrives after the order was marked failed (the janitor's answer to a timeout) still
     * counts: the items are reserved again, and if that is refused the refusal is kept for
     * {@link Recording#afterwards} to cancel the authorization.
     */
    private Order recordAuthorizationHere(String orderId, PaymentAttempt attempt, Recording recording) {
        Order locked = orders.lock(orderId, recording.read).orElseThrow();
        if (locked.status() != OrderStatus.PENDING_PAYMENT
                || !(locked.paymentStep().equals("authorizing") || locked.paymentStep().equals("failed"))) {
            return locked;
        }
        if (locked.paymentStep().equals("failed")) {
            try {
                reserveItems(locked); // a refusal is a check, not a failed statement: the transaction goes on
            } catch (ApiException e) {
                recording.refused = e;
                return locked;
            }
        }
        Hold hold = money.reserve(locked, attempt.id());
        orders.authorized(locked.id(), attempt.id(), attempt.processorPaymentId(), hold.id().value(), clock.instant());
        return locked.authorized(attempt.id(), hold.id().value());
    }

    private void reserveItems(Order order) {
        for (OrderLine line : order.lines()) {
            if (ListingKind.of(line.kind()).onePerBuyer()) {
                purchases.reserve(order.buyerId(), line.listingId(), order.id(), clock.instant());
            }
        }
    }

    private void fail(String orderId, String code) {
        transactions.executeWithoutResult(status -> {
            purchases.release(orderId);
            orders.paymentStep(orderId, "failed", null, null, code, clock.instant());
        });
    }

    /**
     * Records the split on the order and marks it paid, then captures and splits the money in the
     * ledger as the transaction's last step: the shared ledger accounts are locked only for that
     * step and the commit, not for the order's own writes. Runs in the transaction that records the
     * processor's capture, so the capture and the sale commit together. {@code read}: the order as
     * read while it awaited payment, whose lines are not read again.
     */
    private Order settle(Order read, long processorFee) {
        String orderId = read.id();
        return transactions.execute(status -> {
            Order order = orders.lock(orderId, read).orElseThrow();
            if (order.status() != OrderStatus.PENDING_PAYMENT) {
                return order;
            }
            long[] prices = order.lines().stream().mapToLong(OrderLine::price).toArray();
            long[] commissions = order.lines().stream().mapToLong(OrderLine::commission).toArray();
            Split split = Split.of(prices, commissions, Math.min(processorFee, order.total()));
            for (int i = 0; i < order.lines().size(); i++) {
                Split.LineSplit line = split.lines().get(i);
                orders.recordSplit(orderId, order.lines().get(i).line(), line.sellerEarnings(), line.platformRevenue(),
                        line.processorFee());
            }
            Order paid = markPaid(order, split);
            money.settle(order, split);
            audit.changed("order", orderId, order.auditState(), paid.auditState());
            return paid;
        });
    }

    /** A free order moves no money: it is paid at once and its items are owned. */
    private Order settleFree(String orderId) {
        return transactions.execute(status -> {
            Order order = orders.lock(orderId).orElseThrow();
            if (order.status() != OrderStatus.PENDING_PAYMENT) {
                return order;
            }
            reserveItems(order);
            for (OrderLine line : order.lines()) {
                orders.recordSplit(orderId, line.line(), 0, 0, 0);
            }
            int n = order.lines().size();
            return markPaid(order, Split.of(new long[n], new long[n], 0));
        });
    }

    /** Marks the order paid with its split and announces it; returns the order as it now stands. */
    private Order markPaid(Order order, Split split) {
        // Whole microseconds, as the database stores them: the order returned is built here, not read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        orders.markPaid(order.id(), split.processorFee(), now);
        purchases.own(order.id());
        downloads.grant(order);
        Map<String, Long> perSeller = new TreeMap<>();
        for (int i = 0; i < order.lines().size(); i++) {
            long earnings = split.lines().get(i).sellerEarnings();
            if (earnings > 0) {
                perSeller.merge(order.lines().get(i).sellerId(), earnings, Long::sum);
            }
        }
        events.publishEvent(new OrderPaid(order.id(), order.buyerId(), order.currency(), order.total(),
                order.lines().stream().map(OrderLine::listingId).toList(),
                perSeller.entrySet().stream().map(e -> new OrderPaid.SellerEarning(e.getKey(), e.getValue())).toList(), now,
                order.lines().stream().map(l -> new OrderPaid.PaidLine(l.listingId(), l.listingVersion(), l.sellerId(),
                        l.kind(), l.categoryId(), l.price())).toList()));
        return order.paid(split, now);
    }

    private Order mine(String orderId, Caller caller) {
        return find(orderId, caller).orElseThrow(() -> ApiException.notFound("order_not_found", "no order " + orderId));
    }

    /** A short, stable stand-in for the payment method in keys: retrying one method is one attempt; a new method is another. */
    private static String fingerprint(String paymentMethod) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(paymentMethod.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
