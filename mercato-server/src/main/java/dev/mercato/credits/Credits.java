package dev.mercato.credits;

import dev.mercato.identity.UserManagement;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Transaction;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Credit wallets for other modules and the API: grant, draw, give back, read. Every change locks
 * the user's wallet row first, changes the lots and posts the matching ledger transaction, all in
 * one database transaction (the caller's, when there is one). Only unexpired credit counts: a lot
 * past its expiry is neither shown nor drawn, whether or not the expiry job has taken it out yet.
 */
@Service
public class Credits {

    private static final int MAX_TEXT = 255;

    private final Wallets wallets;
    private final Lots lots;
    private final Draws draws;
    private final Movements movements;
    private final CreditLedger ledger;
    private final UserManagement users;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;
    private final CreditsProperties properties;

    Credits(Wallets wallets, Lots lots, Draws draws, Movements movements, CreditLedger ledger, UserManagement users,
            ApplicationEventPublisher events, Clock clock, AuditLog audit, CreditsProperties properties) {
        this.wallets = wallets;
        this.lots = lots;
        this.draws = draws;
        this.movements = movements;
        this.ledger = ledger;
        this.users = users;
        this.events = events;
        this.clock = clock;
        this.audit = audit;
        this.properties = properties;
    }

    /**
     * Takes {@code units} of unexpired credit from the user's wallet, soonest-expiring lots first
     * (ADR 0018). Idempotent by {@code reference}: drawing again with the same reference and units
     * returns the first draw and takes nothing more.
     *
     * @throws InsufficientCreditsException 422 {@code insufficient_credits} when the wallet holds less
     *                                      unexpired credit; nothing changes, and a caller's transaction
     *                                      this joined is not marked for rollback
     * @throws ApiException 422 {@code reference_reused} when the reference was used for another amount;
     *                      400 {@code invalid_units} / {@code invalid_reference} for bad input
     */
    @Transactional(noRollbackFor = InsufficientCreditsException.class)
    public CreditDraw draw(String userId, long units, String reference) {
        checkUnits(units);
        checkText("reference", reference);
        Optional<Wallets.Wallet> locked = wallets.lock(userId);
        Optional<CreditDraw> earlier = draws.byReference(userId, reference);
        if (earlier.isPresent()) {
            if (earlier.get().units() != units) {
                throw new ApiException(422, "reference_reused", "reference " + reference + " was already used to draw "
                        + earlier.get().units() + " credits, not " + units);
            }
            return earlier.get();
        }
        Instant now = clock.instant();
        List<CreditLot> spendable = locked.isPresent() ? lots.spendable(userId, now) : List.of();
        long available = spendable.stream().mapToLong(CreditLot::remaining).sum();
        if (available < units) {
            throw new InsufficientCreditsException(units, available);
        }
        Wallets.Wallet wallet = locked.orElseThrow();
        List<Draws.Part> parts = new ArrayList<>();
        long left = units;
        long paid = 0;
        for (CreditLot lot : spendable) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, lot.remaining());
            lots.take(lot.id(), take);
            parts.add(new Draws.Part(lot.id(), lot.kind(), take));
            paid += lot.kind() == CreditKind.PAID ? take : 0;
            left -= take;
        }
        long free = units - paid;
        String id = Ids.next("cdr", clock);
        Transaction posted = ledger.post("credits:draw:" + id, "credits.draw", wallet, -paid, -free, reference, List.of());
        CreditDraw draw = new CreditDraw(id, userId, reference, units, paid, free, posted.id().value(), now, null);
        draws.insert(draw, parts);
        movements.insert(new CreditMovement(Ids.next("cmv", clock), userId, "draw", -units, -paid, -free, null, id,
                reference, null, null, posted.id().value(), now));
        Map<String, Object> before = totals(spendable);
        audit.changed("credit_wallet", userId, before, Map.of("total", (long) before.get("total") - units,
                "paid", (long) before.get("paid") - paid, "free", (long) before.get("free") - free, "draw", id));
        return draw;
    }

    /**
     * Gives a draw's credits back to the lots they came from (a failed or cancelled piece of work).
     * Credit returned to a lot that has expired meanwhile stays unspendable and is taken out by the
     * expiry job. Returning a draw twice returns it once.
     *
     * @throws ApiException 404 {@code draw_not_found} when the user has no draw with this reference
     */
    @Transactional
    public CreditDraw returnDraw(String userId, String reference) {
        checkText("reference", reference);
        Optional<Wallets.Wallet> wallet = wallets.lock(userId);
        CreditDraw draw = wallet.flatMap(w -> draws.byReference(userId, reference))
                .orElseThrow(() -> ApiException.notFound("draw_not_found", "no draw with reference " + reference));
        if (draw.returnedAt() != null) {
            return draw;
        }
        Instant now = clock.instant();
        for (Draws.Part part : draws.parts(draw.id())) {
            lots.giveBack(part.lotId(), part.units());
        }
        Transaction posted = ledger.post("credits:return:" + draw.id(), "credits.return", wallet.get(), draw.paidUnits(),
                draw.freeUnits(), reference, List.of());
        draws.markReturned(draw.id(), posted.id().value(), now);
        movements.insert(new CreditMovement(Ids.next("cmv", clock), userId, "return", draw.units(), draw.paidUnits(),
                draw.freeUnits(), null, draw.id(), reference, null, null, posted.id().value(), now));
        CreditDraw returned = new CreditDraw(draw.id(), userId, reference, draw.units(), draw.paidUnits(),
                draw.freeUnits(), draw.transactionId(), draw.createdAt(), now);
        audit.changed("credit_draw", draw.id(), Draws.summary(draw), Draws.summary(returned));
        return returned;
    }

    /**
     * An operator's promotional grant of free credits. Idempotent by {@code idempotencyKey} per user:
     * the same key and grant return the first lot; the same key with another grant is refused.
     *
     * @param expiresAt null for credits that never expire; else a time after now
     */
    @Transactional
    public CreditLot grantPromotional(String userId, long units, Instant expiresAt, String reason, String idempotencyKey,
            String grantedBy) {
        checkUnits(units);
        checkText("reason", reason);
        checkText("idempotency_key", idempotencyKey);
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ApiException.invalid("invalid_expiry", "expires_at must lie in the future");
        }
        if (users.find(userId).isEmpty()) {
            throw ApiException.notFound("user_not_found", "no user " + userId);
        }
        return grant(userId, CreditKind.FREE, CreditSource.GRANT, units, expiresAt, reason, null, grantedBy,
                "grant:" + idempotencyKey, List.of());
    }

    /**
     * Free credits given for something of value another module takes in the same ledger transaction
     * (reward tokens redeemed): one ledger transaction of the caller's {@code transactionType}
     * carries the credit grant and the caller's {@code otherLegs}, in the caller's database
     * transaction. Once per {@code grantKey} and user.
     *
     * @param expiresAt null for credits that never expire
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditLot grantInExchange(String userId, long units, Instant expiresAt, String reason, String reference,
            String grantKey, String transactionType, List<Entry> otherLegs) {
        checkUnits(units);
        return grant(userId, CreditKind.FREE, CreditSource.GRANT, units, expiresAt, reason, reference, null, grantKey,
                otherLegs, transactionType);
    }

    /**
     * The signup grant ({@code mercato.credits.signup-grant}, 50 by default), at most once per user
     * however often it is asked for.
     *
     * @return the lot, or empty when the signup grant is turned off
     */
    @Transactional
    public Optional<CreditLot> grantSignup(String userId) {
        if (properties.signupGrant() == 0) {
            return Optional.empty();
        }
        Instant expires = properties.signupExpiry() == null ? null : clock.instant().plus(properties.signupExpiry());
        Optional<Wallets.Wallet> wallet = wallets.lock(userId);
        Optional<CreditLot> earlier = wallet.flatMap(w -> lots.byKey(userId, "signup"));
        if (earlier.isPresent()) {
            return earlier;
        }
        return Optional.of(grant(userId, CreditKind.FREE, CreditSource.SIGNUP, properties.signupGrant(), expires,
                "signup", null, null, "signup", List.of()));
    }

    /** What the user can spend now, paid and free apart, and when the next credit expires. */
    @Transactional(readOnly = true)
    public CreditBalance balance(String userId) {
        Instant now = clock.instant();
        List<CreditLot> unexpired = lots.unexpired(userId, now);
        Map<String, Object> totals = totals(unexpired);
        Instant next = unexpired.stream().map(CreditLot::expiresAt).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
        long nextUnits = next == null ? 0 : unexpired.stream().filter(l -> next.equals(l.expiresAt()))
                .mapToLong(CreditLot::remaining).sum();
        return new CreditBalance(userId, (long) totals.get("total"), (long) totals.get("paid"), (long) totals.get("free"),
                next, nextUnits, now);
    }

    /** The user's movements, newest first, after {@code startingAfter} (a movement id, exclusive). */
    public List<CreditMovement> history(String userId, String startingAfter, int limit) {
        return movements.ofUser(userId, startingAfter, limit);
    }

    /**
     * Grants a lot in the caller's transaction, once per {@code grantKey} and user: the wallet (and
     * its ledger accounts) is opened on the first grant, then locked; the lot, its ledger posting
     * (with {@code otherLegs}, the money side of a purchase), the history row and the event commit
     * together.
     */
    CreditLot grant(String userId, CreditKind kind, CreditSource source, long units, Instant expiresAt, String reason,
            String reference, String grantedBy, String grantKey, List<Entry> otherLegs) {
        return grant(userId, kind, source, units, expiresAt, reason, reference, grantedBy, grantKey, otherLegs,
                "credits." + source.code());
    }

    private CreditLot grant(String userId, CreditKind kind, CreditSource source, long units, Instant expiresAt,
            String reason, String reference, String grantedBy, String grantKey, List<Entry> otherLegs,
            String transactionType) {
        Wallets.Wallet wallet = openWallet(userId);
        Optional<CreditLot> earlier = lots.byKey(userId, grantKey);
        if (earlier.isPresent()) {
            CreditLot lot = earlier.get();
            if (lot.amount() != units || lot.kind() != kind || !Objects.equals(lot.expiresAt(), expiresAt)) {
                throw new ApiException(422, "idempotency_key_reused",
                        "this idempotency key was already used for a different grant (" + lot.id() + ")");
            }
            return lot;
        }
        Instant now = clock.instant();
        String id = Ids.next("clot", clock);
        long paid = kind == CreditKind.PAID ? units : 0;
        Transaction posted = ledger.post("credits:grant:" + id, transactionType, wallet, paid, units - paid,
                reference != null ? reference : id, otherLegs);
        CreditLot lot = new CreditLot(id, userId, kind, source, units, units, 0, expiresAt, now, reason, reference,
                grantedBy, posted.id().value());
        lots.insert(lot, grantKey);
        movements.insert(new CreditMovement(Ids.next("cmv", clock), userId,
                source == CreditSource.TOP_UP ? "purchase" : "grant", units, paid, units - paid, id, null, reference,
                reason, expiresAt, posted.id().value(), now));
        if (source != CreditSource.TOP_UP) {
            events.publishEvent(new CreditsGranted(userId, id, source.code(), units, expiresAt, reason, now));
        }
        audit.changed("credit_lot", id, null, summary(lot));
        return lot;
    }

    /** The wallet, locked; opened with its two ledger accounts the first time. */
    Wallets.Wallet openWallet(String userId) {
        Optional<Wallets.Wallet> existing = wallets.lock(userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        wallets.insertIfAbsent(userId, ledger.open(userId, CreditKind.PAID).value(),
                ledger.open(userId, CreditKind.FREE).value(), clock.instant());
        return wallets.lock(userId).orElseThrow();
    }

    void checkUnits(long units) {
        if (units < 1 || units > properties.maxUnits()) {
            throw ApiException.invalid("invalid_units",
                    "units must be a whole number of credits from 1 to " + properties.maxUnits() + ", not " + units);
        }
    }

    private static void checkText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("invalid_" + field, field + " is required");
        }
        if (value.length() > MAX_TEXT) {
            throw ApiException.invalid("invalid_" + field, field + " is at most " + MAX_TEXT + " characters");
        }
    }

    static Map<String, Object> summary(CreditLot lot) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("user_id", lot.userId());
        summary.put("kind", lot.kind().code());
        summary.put("source", lot.source().code());
        summary.put("amount", lot.amount());
        summary.put("remaining", lot.remaining());
        summary.put("expires_at", lot.expiresAt());
        summary.put("reason", lot.reason());
        return summary;
    }

    private static Map<String, Object> totals(List<CreditLot> lots) {
        long paid = 0;
        long free = 0;
        for (CreditLot lot : lots) {
            if (lot.kind() == CreditKind.PAID) {
                paid += lot.remaining();
            } else {
                free += lot.remaining();
            }
        }
        return Map.of("total", paid + free, "paid", paid, "free", free);
    }
}
