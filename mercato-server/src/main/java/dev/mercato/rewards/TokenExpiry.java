package dev.mercato.rewards;

import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionId;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.platform.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The expiry job's work ({@code rewards.expire-lots}): takes what is left of each lot past its expiry
 * out of its wallet into the expired-tokens account with a {@code rewards.expire} ledger transaction,
 * and takes it off the leaderboards of the periods the lot was earned in, in the same database
 * transaction. Balances and spending already ignore such lots; this makes the ledger and the boards
 * say the same. One transaction per lot, so one failing lot does not hold up the rest.
 */
@Service
public class TokenExpiry {

    private static final int BATCH = 100;

    private final RewardStore store;
    private final LeaderboardStore boards;
    private final TokenAccounts tokens;
    private final Ledger ledger;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    TokenExpiry(RewardStore store, LeaderboardStore boards, TokenAccounts tokens, Ledger ledger,
            TransactionTemplate transactions, ApplicationEventPublisher events, AuditLog audit, Clock clock) {
        this.store = store;
        this.boards = boards;
        this.tokens = tokens;
        this.ledger = ledger;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** @return how many tokens were expired */
    public long expireDue() {
        long expired = 0;
        List<String> due = store.due(clock.instant(), BATCH);
        while (!due.isEmpty()) {
            for (String lotId : due) {
                expired += transactions.execute(s -> expire(lotId));
            }
            if (due.size() < BATCH) {
                break;
            }
            due = store.due(clock.instant(), BATCH);
        }
        return expired;
    }

    private long expire(String lotId) {
        String asset = tokens.asset();
        Award unlocked = store.lot(lotId, asset).orElseThrow();
        store.lockWallet(unlocked.userId());
        Award lot = store.lockLot(lotId, asset).orElseThrow();
        Instant now = clock.instant();
        if (lot.remaining() == 0 || lot.expiresAt() == null || lot.expiresAt().isAfter(now)) {
            return 0;
        }
        long left = lot.remaining();
        Instant earnedAt = ledger.findTransaction(new TransactionId(lot.transactionId())).orElseThrow().createdAt();
        Transaction posted = ledger.post(new TransactionRequest("reward-expiry:" + lot.id(), "rewards.expire",
                List.of(Entry.debit(tokens.wallet(lot.userId()), left, asset), Entry.credit(tokens.expired(), left, asset)),
                null, lot.id(), Map.of("user_id", lot.userId(), "award_id", lot.id())));
        store.expire(lot.id(), left);
        boards.subtract(lot.userId(), left, earnedAt);
        audit.changed("award", lot.id(), Map.of("remaining", left, "expired", lot.expired()),
                Map.of("remaining", 0, "expired", lot.expired() + left, "transaction_id", posted.id().value()));
        events.publishEvent(new TokensExpired(lot.id(), lot.userId(), left, asset, lot.expiresAt(), posted.id().value(), now));
        return left;
    }
}
