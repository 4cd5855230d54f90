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
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a cart into an order and takes its payment. Prices come from the published listing
 * versions, never from the client. Paying claims the order for one payment attempt and reserves
 * what is one-per-buyer, then authorizes and captures at once and, in the transaction that records
 * the capture, splits the money in the ledger and marks the order paid (ADR 0036). A payment
 * captured later — after 3-D Secure, a timeout, a capture that failed at first — is reserved in
 * the ledger by a hold when its authorization is recorded, and captured from it. Each step is
 * idempotent under a key derived from the order, rides in the transaction that records the
 * payment attempt's own step, and no database transaction is held open while the processor is
 * called. Calling pay again after an interruption finishes the payment; it never charges twice,
 * and while one payment method may still charge, another is refused.
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

    /**
     * Pays for an order with a processor payment method, or finishes a payment that was interrupted.
     * The order is read in the transaction that records the payment attempt and claims the order
     * (no round trip of its own); an order that needs no new payment asked for — paid, free, not
     * payable, authorized already or held by another attempt — is answered from that read.
     */
    public Order pay(String orderId, Caller caller, String paymentMethod) {
        Recording recording = new Recording(orderId, null);
        Authorized authorized = authorize(recording, () -> payableAtOnce(orderId, caller, paymentMethod, recording));
        if (authorized != null) {
            return complete(authorized.order(), authorized.attempt());
        }
        Order order = recording.read;
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
            Authorized retried = authorize(order, paymentMethod);
            return complete(retried.order(), retried.attempt());
        }
        return complete(order, null);
    }

    /**
     * In the transaction that records the payment attempt: reads the buyer's order and, when a
     * payment is to be asked for straight away — the order awaits one and no attempt holds it —
     * returns it; else null, and {@link #pay} goes on from the order read. An order held by an
     * attempt (a retry, or a 3-D Secure step the buyer may abandon) takes the path that first looks
     * at that attempt, outside any transaction.
     */
    private PaymentAuthorization payableAtOnce(String orderId, Caller caller, String paymentMethod, Recording recording) {
        Order order = mine(orderId, caller);
        recording.read = order;
        boolean unheld = order.paymentStep().equals("none") || order.paymentStep().equals("failed")
                || (order.paymentStep().equals("authorizing") && order.paymentId() == null);
        if (order.status() != OrderStatus.PENDING_PAYMENT || order.total() == 0 || !unheld) {
            return null;
        }
        return authorization(order, paymentMethod);
    }

    /**
     * Finishes an order whose payment was settled after the buyer's call had ended — a timeout the
     * janitor cleared up, a crash between the processor's answer and its record, a 3-D Secure step
     * completed later: a capture settles the order, an authorization is captured and the order
     * paid; a failure releases the order for another payment method. A payment the order no longer
     * needs (another one holds or paid it) is given back, so the buyer is charged once.
     */
    void finish(String orderId, PaymentAttempt attempt) {
        Order order = orders.find(orderId).orElse(null);
        if (order == null) {
            return;
        }
        boolean authorized = attempt.status() == PaymentStatus.AUTHORIZED || attempt.status() == PaymentStatus.CAPTURED;
        if (!authorized) {
            fail(orderId, attempt.id(), attempt.failureCode());
            return;
        }
        if (order.status() != OrderStatus.PENDING_PAYMENT || !holds(order, attempt)) {
            if (!attempt.id().equals(order.paymentId())) {
                giveBack(attempt);
            }
            return;
        }
        Order recorded = record(orderId, order, attempt);
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
        Order[] settled = new Order[1];
        Consumer<PaymentAttempt> settle = captured -> settled[0] = transactions.execute(status -> {
            Order locked = orders.lock(order.id(), order).orElseThrow();
            return locked.status() != OrderStatus.PENDING_PAYMENT ? locked : settleHere(locked, captured);
        });
        if (attempt != null) {
            payments.capture(attempt, null, captureKey(order.id()), settle);
        } else {
            payments.capture(order.paymentId(), null, captureKey(order.id()), settle);
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
     * Claims the order for one payment attempt, reserves what is one-per-buyer, and asks the
     * processor to authorize and capture at once (ADR 0036): the claim, made before the processor
     * is asked, lets no second payment method be asked while this one may still charge, so
     * capturing straight away charges once. A refusal releases the order and is thrown. The order's
     * steps ride in the payment's own transactions: the claim in the one that records the attempt,
     * the settlement in the one that records the capture (or, should the capture have to wait, the
     * hold in the one that records the authorization).
     *
     * @return the order as it stands afterwards, and the attempt that paid or authorized it
     */
    private Authorized authorize(Order order, String paymentMethod) {
        PaymentAuthorization request = authorization(order, paymentMethod);
        abandonAwaitedAction(order, request.idempotencyKey());
        Recording recording = new Recording(order.id(), order);
        return authorize(recording, () -> request);
    }

    /** The payment that pays for the order with this method: one attempt per order and method. */
    private static PaymentAuthorization authorization(Order order, String paymentMethod) {
        if (paymentMethod == null || paymentMethod.isBlank()) {
            throw ApiException.invalid("payment_method_required", "pay with a payment_method (a processor token)");
        }
        String key = "order:" + order.id() + ":pay:" + fingerprint(paymentMethod);
        return new PaymentAuthorization(key, order.total(), order.currency(), paymentMethod, Map.of("order_id", order.id()),
                order.id());
    }

    /** {@link #authorize(Order, String)} for the payment {@code request} prices (null when none is asked for: null). */
    private Authorized authorize(Recording recording, Supplier<PaymentAuthorization> request) {
        String orderId = recording.orderId;
        PaymentAttempt attempt;
        try {
            attempt = payments.authorizeAndCapture(request, captureKey(orderId), recording);
        } catch (PaymentException refused) {
            if (recording.claimedBy != null) {
                fail(orderId, recording.claimedBy, refused.code());
            }
            throw refused;
        }
        if (attempt == null) {
            return null;
        }
        if (attempt.status() == PaymentStatus.FAILED || attempt.status() == PaymentStatus.CANCELED) {
            fail(orderId, attempt.id(), attempt.failureCode());
        }
        attempt.requireAuthorized();
        Order afterwards = recording.afterwards(attempt);
        if (recording.refused != null) {
            throw recording.refused;
        }
        return new Authorized(afterwards != null ? afterwards : record(orderId, recording.read, attempt), attempt);
    }

    /**
     * A buyer who gave up on a 3-D Secure step and pays with another method: the payment awaiting
     * the customer is canceled first, and releases the order only once the processor confirms it
     * can no longer charge (a customer who authenticated meanwhile keeps it; the claim then refuses
     * the other method).
     */
    private void abandonAwaitedAction(Order order, String key) {
        if (!order.paymentStep().equals("authorizing") || order.paymentId() == null) {
            return;
        }
        payments.find(order.paymentId())
                .filter(holder -> holder.status() == PaymentStatus.REQUIRES_ACTION && !holder.idempotencyKey().equals(key))
                .ifPresent(holder -> {
                    PaymentAttempt canceled;
                    try {
                        canceled = payments.cancel(holder.id());
                    } catch (PaymentException moved) {
                        return; // no longer awaiting the customer: the claim decides
                    }
                    if (canceled.status() == PaymentStatus.CANCELED) {
                        fail(order.id(), holder.id(), "action_abandoned");
                    }
                });
    }

    /** An order as its payment left it, and the payment attempt that paid or authorized it. */
    private record Authorized(Order order, PaymentAttempt attempt) {
    }

    /** The order's side of {@link #authorize}, done in the payment's transactions. */
    private final class Recording implements PaymentManagement.Alongside {

        private final String orderId;
        private Order read;
        private String claimedBy;
        private Order recorded;
        private ApiException refused;

        /**
         * {@code read}: the order as read before asking for its payment (null when not asking, or
         * until it is read in the transaction that records the attempt).
         */
        Recording(String orderId, Order read) {
            this.orderId = orderId;
            this.read = read;
        }

        /**
         * Claims the order for the attempt — refused when another attempt holds it — and reserves
         * its one-per-buyer items, which come from the order as read before: an order's buyer and
         * items never change. A refusal rolls back the attempt's record: the processor never hears
         * of it.
         */
        @Override
        public void beforeAsking(PaymentAttempt attempt) {
            transactions.executeWithoutResult(status -> {
                if (!orders.claim(orderId, attempt.id(), clock.instant())) {
                    throw new ApiException(409, "payment_in_progress", "order " + orderId + " is being paid with another "
                            + "payment method, or already paid; this one was not charged. Wait for that payment to end "
                            + "(GET the order), or retry with the same payment method");
                }
                reserveItems(read);
            });
            claimedBy = attempt.id();
        }

        @Override
        public void authorized(PaymentAttempt attempt) {
            transactions.executeWithoutResult(status -> recorded = recordAuthorizationHere(orderId, attempt, this));
        }

        @Override
        public void captured(PaymentAttempt attempt) {
            transactions.executeWithoutResult(status -> recorded = settleCapturedHere(orderId, attempt, this));
        }

        /**
         * Once the payment's transaction committed: a payment the order could not take is given
         * back (an authorization canceled, a capture refunded). Returns the order as recorded, or
         * null when nothing was recorded (a retry that found the attempt's outcome already known).
         */
        Order afterwards(PaymentAttempt attempt) {
            if (refused != null) {
                giveBack(attempt);
            }
            return recorded;
        }
    }

    /**
     * Records a payment whose outcome became known outside the buyer's call to the processor (the
     * janitor's answer, a 3-D Secure step, a retry that finds it), once, in a transaction of its
     * own: a capture settles the order; an authorization is reserved in the ledger, to capture next.
     * {@code read}: the order as read while it awaited payment.
     *
     * @return the order as it stands afterwards
     */
    private Order record(String orderId, Order read, PaymentAttempt attempt) {
        Recording recording = new Recording(orderId, read);
        if (attempt.status() == PaymentStatus.CAPTURED) {
            recording.captured(attempt);
        } else {
            recording.authorized(attempt);
        }
        Order afterwards = recording.afterwards(attempt);
        return afterwards != null ? afterwards : orders.find(orderId).orElseThrow();
    }

    /**
     * The order's part of recording an authorization, in the caller's transaction. An authorization
     * that arrives after the order was marked failed (the janitor's answer to a timeout) still
     * counts, while no other attempt claimed the order since: the items are reserved again, and if
     * that is refused the refusal is kept for {@link Recording#afterwards} to cancel the authorization.
     */
    private Order recordAuthorizationHere(String orderId, PaymentAttempt attempt, Recording recording) {
        Order locked = orders.lock(orderId, recording.read).orElseThrow();
        if (locked.status() != OrderStatus.PENDING_PAYMENT
                || !(locked.paymentStep().equals("authorizing") || locked.paymentStep().equals("failed"))) {
            if (!attempt.id().equals(locked.paymentId())) {
                recording.refused = claimedElsewhere(orderId);
            }
            return locked;
        }
        if (!takes(locked, attempt, recording)) {
            return locked;
        }
        Hold hold = money.reserve(locked, attempt.id());
        orders.authorized(locked.id(), attempt.id(), attempt.processorPaymentId(), hold.id().value(), clock.instant());
        return locked.authorized(attempt.id(), hold.id().value());
    }

    /**
     * The order's part of recording a payment captured at once, in the transaction that records the
     * capture: the order is paid and the money split, as the transaction's last step.
     */
    private Order settleCapturedHere(String orderId, PaymentAttempt attempt, Recording recording) {
        Order locked = orders.lock(orderId, recording.read).orElseThrow();
        if (locked.status() != OrderStatus.PENDING_PAYMENT) {
            if (!attempt.id().equals(locked.paymentId())) {
                recording.refused = claimedElsewhere(orderId);
            }
            return locked;
        }
        if (!takes(locked, attempt, recording)) {
            return locked;
        }
        return settleHere(locked, attempt);
    }

    /**
     * Whether the locked order, awaiting payment, takes this attempt's payment: only while no other
     * attempt holds it, and, after it was marked failed, only if its items can be reserved again.
     * A refusal is kept on the recording, to give the payment back once committed.
     */
    private boolean takes(Order locked, PaymentAttempt attempt, Recording recording) {
        if (!holds(locked, attempt)) {
            recording.refused = claimedElsewhere(locked.id());
            return false;
        }
        if (locked.paymentStep().equals("failed")) {
            try {
                reserveItems(locked); // a refusal is a check, not a failed statement: the transaction goes on
            } catch (ApiException e) {
                recording.refused = e;
                return false;
            }
        }
        return true;
    }

    /** Whether {@code attempt} holds the order's claim (orders claimed before claims were recorded hold none). */
    private static boolean holds(Order order, PaymentAttempt attempt) {
        return order.paymentId() == null || order.paymentId().equals(attempt.id());
    }

    private static ApiException claimedElsewhere(String orderId) {
        return new ApiException(409, "payment_in_progress",
                "order " + orderId + " is paid or being paid by another payment; this one is given back");
    }

    /** A payment the order does not take: an authorization is canceled, a capture refunded in full. */
    private void giveBack(PaymentAttempt attempt) {
        if (attempt.status() == PaymentStatus.AUTHORIZED) {
            payments.cancel(attempt.id());
        } else if (attempt.status() == PaymentStatus.CAPTURED && attempt.amountCaptured() > attempt.amountRefunded()) {
            payments.refund(attempt.id(), attempt.amountCaptured() - attempt.amountRefunded(), attempt.id() + ":give-back");
        }
    }

    private static boolean hasOnePerBuyerItems(Order order) {
        return order.lines().stream().anyMatch(line -> ListingKind.of(line.kind()).onePerBuyer());
    }

    private void reserveItems(Order order) {
        for (OrderLine line : order.lines()) {
            if (ListingKind.of(line.kind()).onePerBuyer()) {
                purchases.reserve(order.buyerId(), line.listingId(), order.id(), clock.instant());
            }
        }
    }

    /** Releases the order from a failed attempt's claim (and its items), unless another attempt holds it by now. */
    private void fail(String orderId, String paymentId, String code) {
        transactions.executeWithoutResult(status -> {
            if (orders.paymentFailed(orderId, paymentId, code, clock.instant())) {
                purchases.release(orderId);
            }
        });
    }

    /**
     * Records the split on the locked order, awaiting payment, and marks it paid, then splits the
     * money in the ledger as the transaction's last step: the shared ledger accounts are locked only
     * for that step and the commit, not for the order's own writes. Runs in the transaction that
     * records the processor's capture, so the capture and the sale commit together.
     */
    private Order settleHere(Order order, PaymentAttempt captured) {
        String orderId = order.id();
        long processorFee = processors.get(captured.adapter()).fee(order.total(), order.currency());
        long[] prices = order.lines().stream().mapToLong(OrderLine::price).toArray();
        long[] commissions = order.lines().stream().mapToLong(OrderLine::commission).toArray();
        Split split = Split.of(prices, commissions, Math.min(processorFee, order.total()));
        for (int i = 0; i < order.lines().size(); i++) {
            Split.LineSplit line = split.lines().get(i);
            orders.recordSplit(orderId, order.lines().get(i).line(), line.sellerEarnings(), line.platformRevenue(),
                    line.processorFee());
        }
        Order paid = markPaid(order, split, captured.processorPaymentId());
        money.settle(order, split);
        audit.changed("order", orderId, order.auditState(), paid.auditState());
        return paid;
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
            return markPaid(order, Split.of(new long[n], new long[n], 0), null);
        });
    }

    /** Marks the order paid with its split and announces it; returns the order as it now stands. */
    private Order markPaid(Order order, Split split, String processorPaymentId) {
        // Whole microseconds, as the database stores them: the order returned is built here, not read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        orders.markPaid(order.id(), split.processorFee(), processorPaymentId, now);
        if (hasOnePerBuyerItems(order)) { // only those were reserved (reserveItems): nothing else to own
            purchases.own(order.id());
        }
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

    private static String captureKey(String orderId) {
        return "order:" + orderId + ":capture";
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
