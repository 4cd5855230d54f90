package dev.mercato.credits.web;

import dev.mercato.credits.CreditBalance;
import dev.mercato.credits.CreditLot;
import dev.mercato.credits.CreditMovement;
import dev.mercato.credits.CreditPurchases;
import dev.mercato.credits.CreditTopUp;
import dev.mercato.credits.Credits;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's credit balance and history, top-ups they buy, and operators' promotional grants. */
@RestController
class CreditController {

    private final Credits credits;
    private final CreditPurchases purchases;

    CreditController(Credits credits, CreditPurchases purchases) {
        this.credits = credits;
        this.purchases = purchases;
    }

    record NextExpiry(Instant at, long units) {
    }

    record BalanceView(String object, String userId, long total, long paid, long free, NextExpiry nextExpiry,
            Instant asOf) {
        static BalanceView of(CreditBalance b) {
            return new BalanceView("credit_balance", b.userId(), b.total(), b.paid(), b.free(),
                    b.nextExpiry() == null ? null : new NextExpiry(b.nextExpiry(), b.nextExpiryUnits()), b.asOf());
        }
    }

    record MovementView(String id, String object, String type, long units, long paidUnits, long freeUnits,
            String lotId, String drawId, String reference, String reason, Instant expiresAt, String transactionId,
            Instant createdAt) {
        static MovementView of(CreditMovement m) {
            return new MovementView(m.id(), "credit_movement", m.type(), m.units(), m.paidUnits(), m.freeUnits(),
                    m.lotId(), m.drawId(), m.reference(), m.reason(), m.expiresAt(), m.transactionId(), m.createdAt());
        }
    }

    record LotView(String id, String object, String userId, String kind, String source, long amount, long remaining,
            long expired, Instant expiresAt, Instant grantedAt, String reason, String grantedBy, String transactionId) {
        static LotView of(CreditLot l) {
            return new LotView(l.id(), "credit_lot", l.userId(), l.kind().code(), l.source().code(), l.amount(),
                    l.remaining(), l.expired(), l.expiresAt(), l.grantedAt(), l.reason(), l.grantedBy(), l.transactionId());
        }
    }

    record TopUpView(String id, String object, String userId, long units, String currency, long amount, String status,
            String paymentId, String lotId, Instant createdAt) {
        static TopUpView of(CreditTopUp t) {
            return new TopUpView(t.id(), "credit_top_up", t.userId(), t.units(), t.currency(), t.amount(), t.status(),
                    t.paymentId(), t.lotId(), t.createdAt());
        }
    }

    record TopUpRequest(Long units, String currency, String paymentMethod) {
    }

    record GrantRequest(String userId, Long units, Instant expiresAt, String reason) {
    }

    @GetMapping("/v1/credits/balance")
    BalanceView balance(Caller caller) {
        return BalanceView.of(credits.balance(caller.userId()));
    }

    @GetMapping("/v1/credits/history")
    Page<MovementView> history(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        int size = Page.limit(limit);
        return Page.fromOverfetch(credits.history(caller.userId(), startingAfter, size + 1), size).map(MovementView::of);
    }

    /** Buys credits for the caller with a payment method ({@code tok_visa} on the simulated processor). */
    @PostMapping("/v1/credits/top-ups")
    @ResponseStatus(HttpStatus.CREATED)
    TopUpView topUp(Caller caller, @RequestBody TopUpRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (body.units() == null) {
            throw ApiException.invalid("invalid_units", "units is required: the number of credits to buy");
        }
        return TopUpView.of(purchases.topUp(caller.userId(), body.units(), body.currency(), body.paymentMethod(), key));
    }

    @GetMapping("/v1/credits/top-ups/{id}")
    TopUpView topUp(Caller caller, @PathVariable String id) {
        return purchases.find(id).filter(t -> caller.mayAccess(t.userId())).map(TopUpView::of)
                .orElseThrow(() -> ApiException.notFound("top_up_not_found", "no top-up " + id));
    }

    /** An operator gives a user promotional (free) credits, optionally expiring. */
    @PostMapping("/v1/credits/grants")
    @ResponseStatus(HttpStatus.CREATED)
    LotView grant(Caller caller, @RequestBody GrantRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        caller.requireAdmin();
        if (body.userId() == null || body.userId().isBlank()) {
            throw ApiException.invalid("invalid_user_id", "user_id is required: the user to grant credits to");
        }
        if (body.units() == null) {
            throw ApiException.invalid("invalid_units", "units is required: the number of credits to grant");
        }
        return LotView.of(credits.grantPromotional(body.userId(), body.units(), body.expiresAt(), body.reason(),
                key != null ? key : UUID.randomUUID().toString(), caller.actorId()));
    }
}
