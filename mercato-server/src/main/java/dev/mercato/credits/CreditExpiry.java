package dev.mercato.credits;

import dev.mercato.ledger.Transaction;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The expiry job's work: takes what is left of each lot past its expiry out of its wallet with a
 * ledger transaction (wallet to issuance). Balances and draws already ignore such lots; this makes
 * the ledger say the same. One transaction per lot, so one failing lot does not hold up the rest.
 */
@Service
public class CreditExpiry {

    private static final int BATCH = 100;

    private final Wallets wallets;
    private final Lots lots;
    private final Movements movements;
    private final CreditLedger ledger;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;

    CreditExpiry(Wallets wallets, Lots lots, Movements movements, CreditLedger ledger, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock, AuditLog audit) {
        this.wallets = wallets;
        this.lots = lots;
        this.movements = movements;
        this.ledger = ledger;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.audit = audit;
    }

    /** @return how many credits were expired */
    public long expireDue() {
        long expired = 0;
        List<String> due = lots.due(clock.instant(), BATCH);
        while (!due.isEmpty()) {
            for (String lotId : due) {
                expired += transactions.execute(s -> expire(lotId));
            }
            if (due.size() < BATCH) {
                break;
            }
            due = lots.due(clock.instant(), BATCH);
        }
        return expired;
    }

    private long expire(String lotId) {
        CreditLot unlocked = lots.find(lotId).orElseThrow();
        Wallets.Wallet wallet = wallets.lock(unlocked.userId()).orElseThrow();
        CreditLot lot = lots.lock(lotId).orElseThrow();
        Instant now = clock.instant();
        if (lot.remaining() == 0 || !lot.expiredAt(now)) {
            return 0;
        }
        long units = lot.remaining();
        long paid = lot.kind() == CreditKind.PAID ? units : 0;
        String movement = Ids.next("cmv", clock);
        Transaction posted = ledger.post("credits:expiry:" + movement, "credits.expiry", wallet, -paid, -(units - paid),
                lot.id(), List.of());
        lots.expire(lot.id(), units);
        movements.insert(new CreditMovement(movement, lot.userId(), "expiry", -units, -paid, -(units - paid), lot.id(),
                null, lot.reference(), lot.reason(), lot.expiresAt(), posted.id().value(), now));
        events.publishEvent(new CreditsExpired(movement, lot.userId(), lot.id(), lot.kind().code(), units, lot.expiresAt(), now));
        audit.changed("credit_lot", lot.id(), Map.of("remaining", units, "expired", lot.expired()),
                Map.of("remaining", 0, "expired", lot.expired() + units));
        return units;
    }
}
