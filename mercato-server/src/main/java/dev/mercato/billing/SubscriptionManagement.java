package dev.mercato.billing;

import dev.mercato.billing.core.Proration;
import dev.mercato.billing.core.SubscriptionAction;
import dev.mercato.billing.core.SubscriptionStateMachine;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import dev.mercato.platform.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Subscriptions: start (with or without a trial), change plan with proration to the second, cancel
 * at the period end or now, pause and resume, change the payment method (which also retries a
 * past-due payment). Every status change goes through {@link SubscriptionStateMachine}.
 *
 * <p>Whatever costs money is priced from the subscription as read, paid outside any database
 * transaction (account credit first, then the card), and then recorded — the subscription's new
 * state, the charge, the ledger postings, the audit event and the domain event — in one
 * transaction that first checks the subscription is still at the version it was priced on. If that
 * transaction fails, the card payment is refunded. Nothing a customer paid for is taken away before
 * its period ends: a paused or canceling subscription keeps its plan until then.
 */
@Service
public class SubscriptionManagement {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionManagement.class);
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

    /** {@code trial}: null starts a trial when the plan has one; {@code coupon}: a coupon code to redeem, or null. */
    public record StartRequest(String planId, String interval, String currency, String paymentMethod, Boolean trial,
            String coupon) {

        public StartRequest(String planId, String interval, String currency, String paymentMethod, Boolean trial) {
            this(planId, interval, currency, paymentMethod, trial, null);
        }
    }

    /**
     * {@code interval} and {@code currency} null keep the subscription's; a different currency is
     * refused. {@code coupon}: a coupon code to redeem with the change (it replaces the coupon the
     * subscription had), or null.
     */
    public record ChangeRequest(String planId, String interval, String currency, String paymentMethod, String coupon) {

        public ChangeRequest(String planId, String interval, String currency, String paymentMethod) {
            this(planId, interval, currency, paymentMethod, null);
        }
    }

    private final Subscriptions subscriptions;
    private final BillingCache cache;
    private final Entitlements entitlements;
    private final SubscriptionPayments payments;
    private final BillingLedger money;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final Dunning dunning;
    private final InvoiceManagement invoicing;
    private final SubscriptionPricing pricing;

    SubscriptionManagement(Subscriptions subscriptions, BillingCache cache, Entitlements entitlements,
            SubscriptionPayments payments, BillingLedger money, TransactionTemplate transactions,
            ApplicationEventPublisher events, AuditLog audit, Clock clock, Dunning dunning, InvoiceManagement invoicing,
            SubscriptionPricing pricing) {
        this.pricing = pricing;
        this.dunning = dunning;
        this.invoicing = invoicing;
        this.subscriptions = subscriptions;
        this.cache = cache;
        this.entitlements = entitlements;
        this.payments = payments;
        this.money = money;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    public Subscription find(Caller caller, String id) {
        return subscriptions.find(id).filter(s -> caller.mayAccess(s.userId()))
                .orElseThrow(() -> ApiException.notFound("subscription_not_found", "no subscription " + id));
    }

    public Page<Subscription> list(Caller caller, String startingAfter, int limit) {
        return Page.fromOverfetch(subscriptions.ofUser(caller.userId(), startingAfter, limit + 1), limit);
    }

    public Subscription start(Caller caller, StartRequest request) {
        String userId = caller.userId();
        Plan plan = activePlan(request.planId());
        BillingInterval interval = BillingInterval.of(request.interval() == null ? "month" : request.interval());
        if (request.currency() != null && !CURRENCY.matcher(request.currency()).matches()) {
            throw ApiException.invalid("invalid_currency", "currency is a three-letter ISO 4217 code");
        }
        String currency = request.currency() == null ? "USD" : request.currency().toUpperCase(Locale.ROOT);
        long price = plan.price(currency, interval).orElseThrow(() -> notOffered(plan, currency, interval)).amount();
        subscriptions.live(userId).ifPresent(existing -> {
            throw new ApiException(409, "subscription_exists", "user " + userId + " already has subscription "
                    + existing.id() + " (" + existing.status().code() + "); change or cancel it instead");
        });
        boolean trial = request.trial() == null ? plan.trialDays() > 0 : request.trial();
        if (trial && plan.trialDays() == 0) {
            throw ApiException.invalid("trial_not_offered", "plan " + plan.id() + " has no trial");
        }
        String paymentMethod = blankToNull(request.paymentMethod());
        if (price > 0 && paymentMethod == null) {
            throw ApiException.invalid("payment_method_required",
                    "a paid plan needs a payment_method (a processor token), also to renew after a trial");
        }
        Instant now = clock.instant();
        Coupon coupon = request.coupon() == null ? null : pricing.redeemable(request.coupon(), userId, plan.id(), currency, now);
        String id = Ids.next("sub", clock);
        Subscription s;
        if (trial) {
            Instant trialEnd = now.plus(Duration.ofDays(plan.trialDays()));
            s = new Subscription(id, userId, plan.id(), currency, interval, price, SubscriptionStatus.TRIALING, paymentMethod,
                    trialEnd, now, trialEnd, trialEnd, false, null, null, null, 0, null, 1, now, now);
        } else {
            s = new Subscription(id, userId, plan.id(), currency, interval, price, SubscriptionStatus.ACTIVE, paymentMethod,
                    now, now, interval.after(now, 1), null, false, null, null, null, 0, null, 1, now, now);
        }
        String key = "billing:" + id + ":start";
        Bill bill = trial ? null : pricing.period(s, List.of(), List.of(), coupon == null ? null : Discount.redeeming(coupon));
        SubscriptionPayments.Paid paid = trial ? SubscriptionPayments.Paid.NOTHING
                : payments.collect(s, paymentMethod, bill.total(), key);
        return settle(paid, key, () -> {
            try {
                subscriptions.insert(s);
            } catch (DuplicateKeyException raced) {
                throw new ApiException(409, "subscription_exists", "user " + userId + " already has a live subscription");
            }
            if (coupon != null) {
                pricing.redeem(coupon, s, now);
            }
            if (bill != null) {
                record(s, "start", paid, key, now, bill);
            }
            events.publishEvent(new SubscriptionStarted(id, userId, plan.id(), s.status().code(), currency, interval.code(),
                    paid.total(), s.trialEnd(), now));
            changed(null, s);
            return s;
        });
    }

    /**
     * Moves the subscription to another plan or interval now. On a trial nothing is charged. Within
     * the same interval the period stays and the change is prorated to the second
     * ({@link Proration}); a new interval credits the old plan's unused time and starts a full new
     * period. A net credit goes to the customer's account credit.
     */
    public Subscription change(Caller caller, String id, ChangeRequest request) {
        Subscription s = find(caller, id);
        transition(s, SubscriptionAction.CHANGE_PLAN);
        Plan plan = activePlan(request.planId());
        BillingInterval interval = request.interval() == null ? s.interval() : BillingInterval.of(request.interval());
        if (request.currency() != null && !request.currency().equalsIgnoreCase(s.currency())) {
            throw ApiException.invalid("currency_mismatch", "subscription " + id + " is billed in " + s.currency()
                    + "; a plan change keeps the currency (cancel and start a new subscription to change it)");
        }
        long newPrice = plan.price(s.currency(), interval).orElseThrow(() -> notOffered(plan, s.currency(), interval))
                .amount();
        if (plan.id().equals(s.planId()) && interval == s.interval()) {
            throw ApiException.invalid("no_change", "subscription " + id + " is already on " + plan.id() + " per "
                    + interval.code());
        }
        requireUsageFits(s.userId(), plan);
        String paymentMethod = request.paymentMethod() == null ? s.paymentMethod() : blankToNull(request.paymentMethod());
        Instant now = clock.instant();
        Coupon coupon = request.coupon() == null ? null
                : pricing.redeemable(request.coupon(), s.userId(), plan.id(), s.currency(), now);
        SubscriptionDraft draft = SubscriptionDraft.of(s);
        draft.planId = plan.id();
        draft.interval = interval;
        draft.price = newPrice;
        draft.paymentMethod = paymentMethod;
        draft.status = transition(s, SubscriptionAction.CHANGE_PLAN);
        boolean trialing = s.status() == SubscriptionStatus.TRIALING;
        boolean newPeriod = !trialing && interval != s.interval();
        if (newPeriod) {
            draft.period(now, now, interval.after(now, 1));
        }
        Subscription preview = draft.build(now);
        List<AddOns.Attached> attached = pricing.addOns(s.id());
        List<AddOns.Attached> repriced = newPeriod ? pricing.repriced(s, interval, true) : attached;
        Discount current = pricing.discount(s.id()).orElse(null);
        Proration.Quote quote;
        Bill bill;
        if (trialing) {
            quote = new Proration.Quote(0, 0);
            bill = Bill.of(List.of(), pricing.taxRate());
        } else if (!newPeriod) {
            quote = Proration.change(s.price(), newPrice, s.currentPeriodStart(), s.currentPeriodEnd(), now);
            String oldName = cache.findPlan(s.planId()).map(Plan::name).orElse(s.planId());
            List<Invoice.Line> lines = List.of(
                    new Invoice.Line("proration_credit", "Unused time on " + oldName + " (" + s.interval().code() + ")",
                            -quote.credit(), null),
                    new Invoice.Line("proration_charge", "Remaining time on " + plan.name() + " (" + interval.code() + ") to "
                            + SubscriptionPricing.day(preview.currentPeriodEnd()), quote.charge(), null));
            Discount next = coupon != null ? Discount.redeemingWithin(coupon, s.currentPeriodStart()) : current;
            bill = pricing.change(s, now, lines, current, SubscriptionPricing.recurring(s.price(), attached), next, preview,
                    SubscriptionPricing.recurring(newPrice, attached), coupon == null ? null : coupon.code());
        } else {
            quote = new Proration.Quote(SubscriptionPricing.unused(s, now, s.price()), newPrice);
            String oldName = cache.findPlan(s.planId()).map(Plan::name).orElse(s.planId());
            List<Invoice.Line> credits = new ArrayList<>();
            credits.add(new Invoice.Line("proration_credit", "Unused time on " + oldName + " (" + s.interval().code() + ")",
                    -quote.credit(), null));
            for (AddOns.Attached a : attached) {
                credits.add(new Invoice.Line("proration_credit", "Unused time on " + pricing.addOnName(a.addOnId()) + " × "
                        + a.quantity() + " (" + s.interval().code() + ")", -SubscriptionPricing.unused(s, now, a.amount()), null));
            }
            Bill unused = pricing.change(s, now, credits, current, SubscriptionPricing.recurring(s.price(), attached), null,
                    preview, 0, null);
            Bill fresh = pricing.period(preview, repriced, List.of(), coupon != null ? Discount.redeeming(coupon) : current);
            List<Invoice.Line> charges = new ArrayList<>(credits);
            fresh.lines().stream().filter(l -> !l.kind().equals(Bill.DISCOUNT) && !l.kind().equals(Bill.TAX))
                    .forEach(charges::add);
            List<Invoice.Line> discounts = new ArrayList<>();
            unused.lines().stream().filter(l -> l.kind().equals(Bill.DISCOUNT)).forEach(discounts::add);
            fresh.lines().stream().filter(l -> l.kind().equals(Bill.DISCOUNT)).forEach(discounts::add);
            bill = Bill.of(charges, discounts, pricing.taxRate(), fresh.coupon());
        }
        String key = "billing:" + id + ":change:" + s.version();
        SubscriptionPayments.Paid paid = payments.collect(s, paymentMethod, Math.max(bill.total(), 0), key);
        return settle(s, paid, key, () -> {
            Subscription locked = lockAt(s);
            Subscription after = draft.build(now);
            subscriptions.update(after);
            if (newPeriod) {
                repriced.forEach(a -> pricing.putAddOn(s.id(), a.addOnId(), a.quantity(), a.unitPrice(), now));
            }
            if (coupon != null) {
                pricing.redeem(coupon, after, now);
            }
            record(after, "proration", paid, key, now, bill);
            events.publishEvent(new SubscriptionChanged(id, s.userId(), s.planId(), plan.id(), s.currency(),
                    interval.code(), quote.credit(), quote.charge(), now));
            changed(locked, after);
            return after;
        });
    }

    /**
     * Cancels at the period end (the default: the plan stays until then) or now.
     *
     * @throws ApiException 409 {@code subscription_canceled} when it already is,
     *                      409 {@code cancellation_scheduled} when it is already set to end at its period end
     */
    public Subscription cancel(Caller caller, String id, boolean atPeriodEnd) {
        find(caller, id);
        return transactions.execute(status -> {
            Subscription s = subscriptions.lock(id).orElseThrow();
            Instant now = clock.instant();
            if (s.status() == SubscriptionStatus.CANCELED) {
                throw new ApiException(409, "subscription_canceled", "subscription " + id + " was already canceled at "
                        + s.canceledAt());
            }
            SubscriptionDraft draft = SubscriptionDraft.of(s);
            if (atPeriodEnd) {
                if (s.cancelAtPeriodEnd()) {
                    throw new ApiException(409, "cancellation_scheduled", "subscription " + id
                            + " is already set to cancel at its period end, " + s.currentPeriodEnd()
                            + "; send at_period_end false to end it now");
                }
                draft.status = transition(s, SubscriptionAction.SCHEDULE_CANCEL);
                draft.cancelAtPeriodEnd = true;
            } else {
                draft.status = transition(s, SubscriptionAction.CANCEL_NOW);
                draft.endedAt = now;
            }
            draft.canceledAt = now;
            Subscription after = draft.build(now);
            subscriptions.update(after);
            events.publishEvent(new SubscriptionCanceled(id, s.userId(), s.planId(), !atPeriodEnd,
                    atPeriodEnd ? s.currentPeriodEnd() : now, now));
            changed(s, after);
            return after;
        });
    }

    /** Pauses renewals; the plan stays until the paid period ends. */
    public Subscription pause(Caller caller, String id) {
        find(caller, id);
        return transactions.execute(status -> {
            Subscription s = subscriptions.lock(id).orElseThrow();
            Instant now = clock.instant();
            SubscriptionDraft draft = SubscriptionDraft.of(s);
            draft.status = transition(s, SubscriptionAction.PAUSE);
            draft.pausedAt = now;
            Subscription after = draft.build(now);
            subscriptions.update(after);
            events.publishEvent(new SubscriptionPaused(id, s.userId(), s.planId(), s.currentPeriodEnd(), now));
            changed(s, after);
            return after;
        });
    }

    /**
     * Resumes a paused subscription: within its paid period at no charge, the period unchanged;
     * after it, a new full period starts now and is paid now.
     */
    public Subscription resume(Caller caller, String id) {
        Subscription s = find(caller, id);
        transition(s, SubscriptionAction.RESUME);
        Instant now = clock.instant();
        SubscriptionDraft draft = SubscriptionDraft.of(s);
        draft.status = transition(s, SubscriptionAction.RESUME);
        draft.pausedAt = null;
        Bill bill = Bill.of(List.of(), pricing.taxRate());
        List<AddOns.Attached> repriced = List.of();
        if (!now.isBefore(s.currentPeriodEnd())) {
            Plan plan = cache.plan(s.planId());
            draft.price = plan.price(s.currency(), s.interval()).orElseThrow(() -> notOffered(plan, s.currency(), s.interval()))
                    .amount();
            draft.period(now, now, s.interval().after(now, 1));
            repriced = pricing.repriced(s, s.interval(), false);
            bill = pricing.period(draft.build(now), repriced, List.of(), pricing.discount(s.id()).orElse(null));
        }
        String key = "billing:" + id + ":resume:" + s.version();
        SubscriptionPayments.Paid paid = payments.collect(s, s.paymentMethod(), Math.max(bill.total(), 0), key);
        List<AddOns.Attached> newPrices = repriced;
        Bill resumed = bill;
        return settle(s, paid, key, () -> {
            Subscription locked = lockAt(s);
            Subscription after = draft.build(now);
            subscriptions.update(after);
            newPrices.forEach(a -> pricing.putAddOn(s.id(), a.addOnId(), a.quantity(), a.unitPrice(), now));
            record(after, "resume", paid, key, now, resumed);
            events.publishEvent(new SubscriptionResumed(id, s.userId(), s.planId(), paid.total(), now));
            changed(locked, after);
            return after;
        });
    }

    /**
     * Changes the card future charges use. On a past-due subscription it also pays the past-due
     * period with it at once: the subscription is active again, or the card's refusal is returned.
     */
    public Subscription updatePaymentMethod(Caller caller, String id, String paymentMethod) {
        Subscription s = find(caller, id);
        if (blankToNull(paymentMethod) == null) {
            throw ApiException.invalid("payment_method_required", "give a payment_method (a processor token)");
        }
        if (s.status() == SubscriptionStatus.CANCELED) {
            throw new ApiException(409, "subscription_canceled", "subscription " + id + " is canceled");
        }
        if (s.status() == SubscriptionStatus.PAST_DUE) {
            return retryPayment(s, paymentMethod);
        }
        return transactions.execute(status -> {
            Subscription locked = subscriptions.lock(id).orElseThrow();
            SubscriptionDraft draft = SubscriptionDraft.of(locked);
            draft.paymentMethod = paymentMethod;
            Subscription after = draft.build(clock.instant());
            subscriptions.update(after);
            changed(locked, after);
            return after;
        });
    }

    /**
     * Tries the past-due period's payment again with the stored card: what dunning ({@link #runDunning})
     * calls on its schedule.
     *
     * @return the subscription, active again or still past due with one more failed payment
     */
    public Subscription retryPayment(String subscriptionId) {
        Subscription s = subscriptions.find(subscriptionId)
                .orElseThrow(() -> ApiException.notFound("subscription_not_found", "no subscription " + subscriptionId));
        try {
            return retryPayment(s, s.paymentMethod());
        } catch (ApiException refused) {
            return subscriptions.find(subscriptionId).orElseThrow();
        }
    }

    private Subscription retryPayment(Subscription s, String paymentMethod) {
        transition(s, SubscriptionAction.PAYMENT_RECOVERED);
        Instant now = clock.instant();
        String key = "billing:" + s.id() + ":renew:" + s.currentPeriodStart().getEpochSecond() + ":" + s.failedPayments();
        // what the period's open invoice says is owed (plan, add-ons, overage, discount, tax)
        Bill owed = owed(s);
        SubscriptionPayments.Paid paid;
        try {
            paid = payments.collect(s, paymentMethod, owed.total(), key);
        } catch (ApiException refused) {
            if (!SubscriptionPayments.unknownOutcome(refused)) {
                paymentFailed(s, paymentMethod, s.price(), refused.code(), null, owed);
            }
            throw refused;
        }
        return settle(paid, key, () -> recovered(lockAt(s), paymentMethod, paid, key, now, owed));
    }

    /** The past-due period is paid: active again, the charge recorded, the schedule closed. */
    private Subscription recovered(Subscription locked, String paymentMethod, SubscriptionPayments.Paid paid, String key,
            Instant now, Bill owed) {
        SubscriptionDraft draft = SubscriptionDraft.of(locked);
        draft.status = transition(locked, SubscriptionAction.PAYMENT_RECOVERED);
        draft.paymentMethod = paymentMethod;
        draft.failedPayments = 0;
        draft.failureCode = null;
        Subscription after = draft.build(now);
        subscriptions.update(after);
        record(after, "renewal", paid, key, now, owed);
        dunning.close(locked.id(), locked.currentPeriodStart(), "recovered", now);
        events.publishEvent(new SubscriptionRenewed(locked.id(), locked.userId(), locked.planId(), locked.currency(),
                paid.total(), after.currentPeriodStart(), after.currentPeriodEnd(), now));
        events.publishEvent(new SubscriptionPaymentRecovered(locked.id(), locked.userId(), locked.planId(),
                locked.currency(), paid.total(), after.currentPeriodStart(), after.currentPeriodEnd(), now));
        changed(locked, after);
        return after;
    }

    /**
     * Renews one subscription whose period has ended: ends it if it was set to cancel; else pays the
     * next period (a trial's first) at the plan's current price. A refused payment makes it past
     * due for that period; an unanswered one leaves it due, to be asked again under the same key.
     */
    void renew(String id) {
        Subscription s = subscriptions.find(id).orElseThrow();
        Instant now = clock.instant();
        if (s.currentPeriodEnd().isAfter(now) || SubscriptionStateMachine.target(s.status(), SubscriptionAction.RENEW).isEmpty()) {
            return;
        }
        if (s.cancelAtPeriodEnd()) {
            transactions.executeWithoutResult(status -> {
                Subscription locked = lockAt(s);
                SubscriptionDraft draft = SubscriptionDraft.of(locked);
                draft.status = transition(locked, SubscriptionAction.EXPIRE);
                draft.endedAt = locked.currentPeriodEnd();
                Subscription after = draft.build(now);
                subscriptions.update(after);
                events.publishEvent(new SubscriptionEnded(id, s.userId(), s.planId(), now));
                changed(locked, after);
            });
            return;
        }
        Instant start = s.currentPeriodEnd();
        Instant end = s.interval().nextBoundary(s.billingAnchor(), start);
        Plan plan = cache.plan(s.planId());
        var price = plan.price(s.currency(), s.interval());
        SubscriptionDraft draft = SubscriptionDraft.of(s).period(s.billingAnchor(), start, end);
        if (price.isEmpty()) {
            paymentFailed(s, s.paymentMethod(), s.price(), "price_unavailable", draft, null);
            return;
        }
        draft.price = price.get().amount();
        List<AddOns.Attached> repriced = pricing.repriced(s, s.interval(), false);
        Bill bill = renewalBill(s, draft, repriced, now);
        String key = "billing:" + id + ":renew:" + start.getEpochSecond() + ":0";
        SubscriptionPayments.Paid paid;
        try {
            paid = payments.collect(s, s.paymentMethod(), bill.total(), key);
        } catch (ApiException refused) {
            if (!SubscriptionPayments.unknownOutcome(refused)) {
                paymentFailed(s, s.paymentMethod(), draft.price, refused.code(), draft, bill);
            }
            return;
        }
        settle(paid, key, () -> renewed(lockAt(s), draft, paid, key, now, bill, repriced));
    }

    /** The next period ({@code draft}'s) is paid: the subscription moves into it. */
    private Subscription renewed(Subscription locked, SubscriptionDraft draft, SubscriptionPayments.Paid paid, String key,
            Instant now, Bill bill, List<AddOns.Attached> repriced) {
        draft.status = transition(locked, SubscriptionAction.RENEW);
        Subscription after = draft.build(now);
        subscriptions.update(after);
        repriced.forEach(a -> pricing.putAddOn(locked.id(), a.addOnId(), a.quantity(), a.unitPrice(), now));
        record(after, "renewal", paid, key, now, bill);
        events.publishEvent(new SubscriptionRenewed(locked.id(), locked.userId(), locked.planId(), locked.currency(),
                paid.total(), after.currentPeriodStart(), after.currentPeriodEnd(), now));
        changed(locked, after);
        return after;
    }

    /**
     * Records a renewal's card payment that was captured but never recorded (a crash between the
     * capture and the transaction, ADR 0017), in the caller's transaction: it pays the past-due
     * period it was taken for, or renews the subscription into that period, with account credit
     * covering what the card did not, as when it was taken. Empty, changing nothing, when the
     * subscription no longer waits for that payment (the caller refunds it).
     */
    Optional<Subscription> recordCapturedRenewal(String subscriptionId, Instant periodStart, String paymentId, long byCard,
            long fee, String key) {
        Subscription locked = subscriptions.lock(subscriptionId).orElse(null);
        if (locked == null || subscriptions.charged(paymentId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // Payment keys name the period by its start in whole seconds.
        long second = periodStart.getEpochSecond();
        if (locked.status() == SubscriptionStatus.PAST_DUE && locked.currentPeriodStart().getEpochSecond() == second) {
            Bill owed = owed(locked);
            return paidBy(locked, owed.total(), paymentId, byCard, fee)
                    .map(paid -> recovered(locked, locked.paymentMethod(), paid, key, now, owed));
        }
        Instant start = locked.currentPeriodEnd();
        if (locked.cancelAtPeriodEnd() || start.getEpochSecond() != second
                || SubscriptionStateMachine.target(locked.status(), SubscriptionAction.RENEW).isEmpty()) {
            return Optional.empty();
        }
        SubscriptionDraft draft = SubscriptionDraft.of(locked).period(locked.billingAnchor(), start,
                locked.interval().nextBoundary(locked.billingAnchor(), start));
        var price = cache.plan(locked.planId()).price(locked.currency(), locked.interval());
        if (price.isEmpty()) {
            return Optional.empty();
        }
        draft.price = price.get().amount();
        List<AddOns.Attached> repriced = pricing.repriced(locked, locked.interval(), false);
        Bill bill = renewalBill(locked, draft, repriced, now);
        return paidBy(locked, bill.total(), paymentId, byCard, fee)
                .map(paid -> renewed(locked, draft, paid, key, now, bill, repriced));
    }

    /** {@code total} paid by the card's {@code byCard} and account credit for the rest, if the credit is there. */
    private Optional<SubscriptionPayments.Paid> paidBy(Subscription s, long total, String paymentId, long byCard, long fee) {
        long credit = total - byCard;
        if (credit < 0 || credit > money.creditBalance(s.userId(), s.currency())) {
            return Optional.empty();
        }
        return Optional.of(new SubscriptionPayments.Paid(total, credit, byCard, fee, paymentId));
    }

    /**
     * A recorded payment's money left again (it failed after capture, was refunded at the processor,
     * or a dispute was lost). When it paid the current period of a subscription that may fail a
     * payment, that period is past due for {@code amount} and dunning starts, in the caller's
     * transaction; {@code failedAtLeast} keeps the retries' payment keys apart from the reversed
     * payment's. False, changing nothing, otherwise (also when the period is already past due).
     */
    boolean paymentReversed(String subscriptionId, Instant periodStart, long amount, String code, int failedAtLeast) {
        Subscription locked = subscriptions.lock(subscriptionId).orElse(null);
        if (locked == null || !locked.currentPeriodStart().equals(periodStart) || locked.status() == SubscriptionStatus.PAST_DUE
                || SubscriptionStateMachine.target(locked.status(), SubscriptionAction.PAYMENT_FAILED).isEmpty()) {
            return false;
        }
        paymentFailed(locked, locked.paymentMethod(), amount, code, null, null, failedAtLeast);
        return true;
    }

    /**
     * Moves a subscription one version on when the janitor refunded a payment for a change priced
     * on {@code version} that never committed, so asking for that change again pays again (a new key).
     */
    void supersede(String subscriptionId, int version) {
        subscriptions.lock(subscriptionId).filter(s -> s.version() == version)
                .ifPresent(s -> subscriptions.update(SubscriptionDraft.of(s).build(clock.instant())));
    }

    /** What the past-due period's open invoice says is owed (plan, add-ons, overage, discount, tax). */
    private Bill owed(Subscription s) {
        return invoicing.open(s.id(), s.currentPeriodStart()).map(Bill::of)
                .orElseGet(() -> Bill.of(List.of(invoicing.planLine(s, s.price(), null)), pricing.taxRate()));
    }

    /** The bill for the period {@code draft} renews {@code s} into: plan, add-ons, the ended period's overage, discount, tax. */
    private Bill renewalBill(Subscription s, SubscriptionDraft draft, List<AddOns.Attached> repriced, Instant now) {
        List<Invoice.Line> overage = s.status() == SubscriptionStatus.TRIALING ? List.of()
                : pricing.overage(s, s.currentPeriodStart(), s.currentPeriodEnd(), now);
        return pricing.period(draft.build(now), repriced, overage, pricing.discount(s.id()).orElse(null));
    }

    /**
     * Records a refused payment: past due (for the new period when renewing), one more failure
     * counted, the period's open invoice of {@code bill} (null: its plan line) issued if it has none.
     */
    private void paymentFailed(Subscription s, String paymentMethod, long amount, String code, SubscriptionDraft renewal,
            Bill bill) {
        paymentFailed(s, paymentMethod, amount, code, renewal, bill, 0);
    }

    private void paymentFailed(Subscription s, String paymentMethod, long amount, String code, SubscriptionDraft renewal,
            Bill bill, int failedAtLeast) {
        transactions.executeWithoutResult(status -> {
            Subscription locked = lockAt(s);
            SubscriptionDraft draft = renewal == null ? SubscriptionDraft.of(locked) : renewal;
            draft.status = transition(locked, SubscriptionAction.PAYMENT_FAILED);
            draft.paymentMethod = paymentMethod;
            draft.price = amount;
            draft.failedPayments = Math.max(locked.failedPayments() + 1, failedAtLeast);
            draft.failureCode = code;
            Instant now = clock.instant();
            Subscription after = draft.build(now);
            subscriptions.update(after);
            Dunning.Step step = dunning.failed(after, now);
            Bill owed = bill != null ? bill : Bill.of(List.of(invoicing.planLine(after, amount, null)), pricing.taxRate());
            if (invoicing.unpaid(after, owed, now)) {
                useCouponPeriod(after, owed);
            }
            boolean retryLeft = step.retriesDone() < dunning.settings().retryDays().size();
            events.publishEvent(new SubscriptionPaymentFailed(s.id(), s.userId(), s.planId(), s.currency(), owed.total(), code,
                    after.failedPayments(), retryLeft ? step.nextStepAt() : null, dunning.settings().finalAction(),
                    retryLeft ? null : step.nextStepAt(), now));
            changed(locked, after);
        });
    }

    /**
     * Dunning's job: retries the stored card of each past-due period on its retry days, and after
     * the last retry failed (and not before the grace period ended) cancels the subscription or
     * moves it to Free, as configured. Runs until nothing is due.
     *
     * @return the steps taken
     */
    public int runDunning() {
        int steps = 0;
        for (int round = 0; round < 50; round++) {
            List<Dunning.Step> due = dunning.due(clock.instant(), 100);
            int before = steps;
            for (Dunning.Step step : due) {
                try {
                    if (dunningStep(step)) {
                        steps++;
                    }
                } catch (RuntimeException e) {
                    log.warn("dunning of subscription {} failed now; the next run tries again", step.subscriptionId(), e);
                }
            }
            if (steps == before) {
                break;
            }
        }
        return steps;
    }

    private boolean dunningStep(Dunning.Step step) {
        Instant now = clock.instant();
        if (step.retriesDone() >= dunning.settings().retryDays().size()) {
            return abandon(step, now);
        }
        Subscription before = subscriptions.find(step.subscriptionId()).orElseThrow();
        if (!dunning.claimRetry(step, now)) {
            return false;
        }
        Subscription after = retryPayment(step.subscriptionId());
        if (after.status() == SubscriptionStatus.PAST_DUE && after.failedPayments() == before.failedPayments()) {
            dunning.unclaimRetry(step);
            return false;
        }
        return true;
    }

    /** The final action on a period whose retries all failed: cancel, or keep the subscription on Free. */
    private boolean abandon(Dunning.Step step, Instant now) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Subscription locked = subscriptions.lock(step.subscriptionId()).orElseThrow();
            if (locked.status() != SubscriptionStatus.PAST_DUE || !locked.currentPeriodStart().equals(step.periodStart())) {
                return false;
            }
            SubscriptionDraft draft = SubscriptionDraft.of(locked);
            Plan free = cache.findPlan(Plan.FREE).orElse(null);
            var freePrice = free == null ? java.util.Optional.<Plan.Price>empty() : free.price(locked.currency(), locked.interval());
            String outcome;
            if ("free".equals(dunning.settings().finalAction()) && freePrice.isPresent() && freePrice.get().amount() == 0) {
                draft.status = transition(locked, SubscriptionAction.MOVE_TO_FREE);
                draft.planId = Plan.FREE;
                draft.price = 0;
                draft.failedPayments = 0;
                draft.failureCode = null;
                draft.period(now, now, locked.interval().after(now, 1));
                // the Free plan renews at no charge: add-ons bought for the unpaid plan go with it
                pricing.addOns(locked.id()).forEach(a -> pricing.removeAddOn(locked.id(), a.addOnId()));
                outcome = "moved_to_free";
            } else {
                draft.status = transition(locked, SubscriptionAction.CANCEL_NOW);
                draft.canceledAt = now;
                draft.endedAt = now;
                outcome = "canceled";
            }
            Subscription after = draft.build(now);
            subscriptions.update(after);
            dunning.close(locked.id(), step.periodStart(), outcome, now);
            invoicing.uncollectible(locked.id(), step.periodStart(), now);
            if (outcome.equals("canceled")) {
                events.publishEvent(new SubscriptionCanceled(locked.id(), locked.userId(), locked.planId(), true, now, now));
            } else {
                events.publishEvent(new SubscriptionChanged(locked.id(), locked.userId(), locked.planId(), Plan.FREE,
                        locked.currency(), locked.interval().code(), 0, 0, now));
            }
            events.publishEvent(new SubscriptionPaymentAbandoned(locked.id(), locked.userId(), locked.planId(),
                    locked.currency(), locked.price(), outcome, locked.failedPayments(), now));
            changed(locked, after);
            return true;
        }));
    }

    /** The renewals due now, a batch at a time, until none is left. */
    public int renewDue() {
        int renewed = 0;
        for (int round = 0; round < 50; round++) {
            List<String> due = subscriptions.due(clock.instant(), 100);
            int before = renewed;
            for (String id : due) {
                try {
                    renew(id);
                    renewed++;
                } catch (RuntimeException e) {
                    log.warn("subscription {} could not be renewed now; the next run tries again", id, e);
                }
            }
            if (due.size() < 100 || renewed == before) {
                break;
            }
        }
        return renewed;
    }

    /** The add-ons on the caller's subscription {@code id}. */
    public List<SubscriptionAddOn> addOns(Caller caller, String id) {
        Subscription s = find(caller, id);
        return pricing.addOns(s.id()).stream().map(a -> new SubscriptionAddOn(s.id(), a.addOnId(), pricing.addOnName(a.addOnId()),
                a.quantity(), a.unitPrice(), s.currency(), s.interval().code(), a.addedAt())).toList();
    }

    /** An add-on on a subscription: how many, and the unit price paid for the current period. */
    public record SubscriptionAddOn(String subscriptionId, String addOnId, String name, int quantity, long unitPrice,
            String currency, String interval, Instant addedAt) {
    }

    /**
     * Buys {@code quantity} (null: 1) of an add-on for the subscription now, or sets how many it has:
     * prorated to the second like a plan change — the unused time of what it had is credited, the
     * rest of the period charged at the add-on's current price, the coupon's discount prorated. On a
     * trial nothing is charged. Its features apply at once.
     */
    public Subscription putAddOn(Caller caller, String id, String addOnId, Integer quantity) {
        Subscription s = find(caller, id);
        AddOn addOn = (addOnId == null ? Optional.<AddOn>empty() : cache.findAddOn(addOnId)).filter(AddOn::active)
                .orElseThrow(() -> ApiException.notFound("add_on_not_found", "no add-on " + addOnId
                        + " (GET /v1/add-ons lists them)"));
        int q = quantity == null ? 1 : quantity;
        if (q < 1 || q > addOn.maxQuantity()) {
            throw ApiException.invalid("invalid_quantity", "quantity of " + addOn.id() + " is 1 to " + addOn.maxQuantity());
        }
        long unit = addOn.price(s.currency(), s.interval()).orElseThrow(() -> ApiException.invalid("currency_mismatch",
                "add-on " + addOn.id() + " has no " + s.currency() + " price per " + s.interval().code())).amount();
        return changeAddOn(s, addOn.id(), q, unit);
    }

    /** Removes an add-on now: the unused time is credited to the account credit, its features end at once. */
    public Subscription removeAddOn(Caller caller, String id, String addOnId) {
        Subscription s = find(caller, id);
        return changeAddOn(s, addOnId, 0, 0);
    }

    private Subscription changeAddOn(Subscription s, String addOnId, int quantity, long unitPrice) {
        SubscriptionStatus next = transition(s, SubscriptionAction.CHANGE_PLAN);
        List<AddOns.Attached> attached = pricing.addOns(s.id());
        AddOns.Attached had = attached.stream().filter(a -> a.addOnId().equals(addOnId)).findFirst().orElse(null);
        if (had == null && quantity == 0) {
            throw ApiException.notFound("add_on_not_found", "subscription " + s.id() + " has no add-on " + addOnId);
        }
        if (had != null && had.quantity() == quantity) {
            throw ApiException.invalid("no_change", "subscription " + s.id() + " already has " + quantity + " of " + addOnId);
        }
        Instant now = clock.instant();
        List<AddOns.Attached> afterAddOns = new ArrayList<>(attached.stream().filter(a -> !a.addOnId().equals(addOnId)).toList());
        if (quantity > 0) {
            afterAddOns.add(new AddOns.Attached(addOnId, quantity, unitPrice, now));
        }
        SubscriptionDraft draft = SubscriptionDraft.of(s);
        draft.status = next;
        Subscription preview = draft.build(now);
        Bill bill = Bill.of(List.of(), pricing.taxRate());
        if (s.status() != SubscriptionStatus.TRIALING) {
            String name = pricing.addOnName(addOnId);
            List<Invoice.Line> lines = new ArrayList<>();
            if (had != null) {
                lines.add(new Invoice.Line("proration_credit", "Unused time on " + name + " × " + had.quantity() + " ("
                        + s.interval().code() + ")", -SubscriptionPricing.unused(s, now, had.amount()), null));
            }
            if (quantity > 0) {
                lines.add(new Invoice.Line("add_on", name + " × " + quantity + " (" + s.interval().code() + ") to "
                        + SubscriptionPricing.day(s.currentPeriodEnd()), SubscriptionPricing.unused(s, now,
                        Math.multiplyExact(unitPrice, (long) quantity)), null));
            }
            Discount current = pricing.discount(s.id()).orElse(null);
            bill = pricing.change(s, now, lines, current, SubscriptionPricing.recurring(s.price(), attached), current, preview,
                    SubscriptionPricing.recurring(s.price(), afterAddOns), null);
        }
        String key = "billing:" + s.id() + ":add-on:" + addOnId + ":" + s.version();
        SubscriptionPayments.Paid paid = payments.collect(s, s.paymentMethod(), Math.max(bill.total(), 0), key);
        Bill priced = bill;
        return settle(s, paid, key, () -> {
            Subscription locked = lockAt(s);
            Subscription after = draft.build(now);
            subscriptions.update(after);
            if (quantity > 0) {
                pricing.putAddOn(s.id(), addOnId, quantity, unitPrice, now);
            } else {
                pricing.removeAddOn(s.id(), addOnId);
            }
            record(after, "add_on", paid, key, now, priced);
            audit.changed("subscription_add_on", s.id() + "/" + addOnId,
                    had == null ? null : Map.of("quantity", had.quantity(), "unit_price", had.unitPrice()),
                    quantity == 0 ? null : Map.of("quantity", quantity, "unit_price", unitPrice));
            changed(locked, after);
            return after;
        });
    }

    /**
     * A downgrade is refused while the user has used more of a metered quota this period than the
     * new plan allows (a quota with an overage price allows it: the rest is billed as overage).
     */
    private void requireUsageFits(String userId, Plan plan) {
        Instant now = clock.instant();
        for (Map.Entry<String, Feature> f : plan.features().entrySet()) {
            Feature spec = f.getValue();
            if (Feature.QUOTA.equals(spec.type()) && spec.limit() != null && spec.overage() == null) {
                long used = entitlements.used(userId, f.getKey(), spec, now);
                if (used > spec.limit()) {
                    throw new ApiException(409, "usage_exceeds_plan", "plan " + plan.id() + " allows " + spec.limit() + " "
                            + f.getKey() + " per " + spec.period() + " and " + used + " were used this " + spec.period()
                            + "; change after " + spec.periodEnd(now),
                            Map.of("feature", f.getKey(), "limit", spec.limit(), "used", used));
                }
            }
        }
    }

    /**
     * The charge (or, for a negative total, the credit) of {@code bill}, its ledger postings, its
     * invoice, and the coupon period it uses up. A bill the coupon takes down to zero still gets its
     * (paid) invoice; nothing moves in the ledger for it.
     */
    private void record(Subscription s, String kind, SubscriptionPayments.Paid paid, String key, Instant now, Bill bill) {
        useCouponPeriod(s, bill);
        if (bill.empty()) {
            return;
        }
        long total = bill.total();
        if (total > 0) {
            String txn = money.charge(key, s, paid, bill.tax());
            subscriptions.recordCharge(Ids.next("chg", clock), s, kind, paid.total(), paid.creditApplied(), paid.byCard(),
                    paid.fee(), paid.paymentId(), txn, now);
            invoicing.charged(s, bill, paid, txn, now);
        } else if (total < 0) {
            String txn = money.credit(key, s, -total, -bill.tax());
            subscriptions.recordCharge(Ids.next("chg", clock), s, kind, total, 0, 0, 0, null, txn, now);
            invoicing.charged(s, bill, new SubscriptionPayments.Paid(total, 0, 0, 0, null), txn, now);
        } else {
            invoicing.charged(s, bill, SubscriptionPayments.Paid.NOTHING, null, now);
        }
    }

    /** Uses up the period of the coupon that {@code bill} discounts; refused if it has none left since it was priced. */
    private void useCouponPeriod(Subscription s, Bill bill) {
        if (bill.coupon() != null && !pricing.usePeriod(s.id(), bill.coupon(), s.currentPeriodStart(), bill.discount())) {
            throw new ApiException(409, "subscription_changed", "subscription " + s.id() + "'s coupon changed while this"
                    + " request was being paid for; nothing was charged, try again");
        }
    }

    private void changed(Subscription before, Subscription after) {
        cache.userChanged(after.userId());
        audit.changed("subscription", after.id(), before == null ? null : before.auditState(), after.auditState());
    }

    /** Runs the transaction that records a paid change; if it fails, the card payment is given back. */
    private <T> T settle(SubscriptionPayments.Paid paid, String key, Supplier<T> work) {
        return settle(null, paid, key, work);
    }

    /**
     * As {@link #settle(SubscriptionPayments.Paid, String, Supplier)} for a change priced on
     * {@code priced}'s version (its payment key names that version): when the payment is given
     * back, the subscription moves one version on, so asking for the change again pays again
     * under a new key instead of finding the refunded payment.
     */
    private <T> T settle(Subscription priced, SubscriptionPayments.Paid paid, String key, Supplier<T> work) {
        try {
            return transactions.execute(status -> work.get());
        } catch (RuntimeException e) {
            // The same key is the same payment: if a concurrent request (the renewal job and a
            // direct call) already recorded it, it paid for that request's change; keep it.
            if (paid.paymentId() != null && !subscriptions.charged(paid.paymentId())) {
                payments.giveBack(paid, key);
                if (priced != null) {
                    try {
                        transactions.executeWithoutResult(status -> supersede(priced.id(), priced.version()));
                    } catch (RuntimeException again) {
                        log.warn("subscription {} could not move past version {} after its payment was given back; asking"
                                + " again is refused as payment_given_back until it does", priced.id(), priced.version(),
                                again);
                    }
                }
            }
            throw e;
        }
    }

    /** Locks the subscription, refusing if it changed since {@code seen} was read (and priced). */
    private Subscription lockAt(Subscription seen) {
        Subscription locked = subscriptions.lock(seen.id()).orElseThrow();
        if (locked.version() != seen.version()) {
            throw new ApiException(409, "subscription_changed", "subscription " + seen.id()
                    + " changed while this request was being paid for; nothing was charged, try again");
        }
        return locked;
    }

    private static SubscriptionStatus transition(Subscription s, SubscriptionAction action) {
        try {
            return SubscriptionStateMachine.next(s.status(), action);
        } catch (SubscriptionStateMachine.IllegalTransition e) {
            String code = s.status() == SubscriptionStatus.CANCELED ? "subscription_canceled" : "invalid_transition";
            throw new ApiException(409, code, "subscription " + s.id() + ": " + e.getMessage(),
                    Map.of("status", s.status().code(), "action", action.name().toLowerCase(Locale.ROOT)));
        }
    }

    private Plan activePlan(String planId) {
        if (planId == null || planId.isBlank()) {
            throw ApiException.invalid("plan_required", "plan_id is required (GET /v1/plans lists them)");
        }
        return cache.findPlan(planId).filter(Plan::active)
                .orElseThrow(() -> ApiException.invalid("unknown_plan", "no active plan " + planId + " (GET /v1/plans lists them)"));
    }

    private static ApiException notOffered(Plan plan, String currency, BillingInterval interval) {
        String offered = String.join(", ", plan.prices().stream().map(p -> p.currency() + "/" + p.interval()).toList());
        return ApiException.invalid("currency_mismatch", "plan " + plan.id() + " has no " + currency + " price per "
                + interval.code() + "; it is offered in " + offered);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
