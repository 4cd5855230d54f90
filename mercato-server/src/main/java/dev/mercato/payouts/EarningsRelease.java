package dev.mercato.payouts;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.orders.MarketplaceAccounts;
import dev.mercato.orders.OrderPaid;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seller earnings wait out a hold period (default 7 days, per-seller override on the payout
 * account) before they can be paid out. Each paid order schedules its sellers' releases; a job
 * ({@link PayoutJobs}) moves due ones from pending to available in the ledger, each release a
 * transaction keyed by order and seller, so it happens once.
 */
@Component
public class EarningsRelease {

    private static final int BATCH = 200;

    private final SellerEarnings earnings;
    private final Ledger ledger;
    private final Accounts accounts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int defaultHoldDays;

    EarningsRelease(SellerEarnings earnings, Ledger ledger, Accounts accounts,
            TransactionTemplate transactions, Clock clock, @Value("${mercato.payouts.hold-days:7}") int holdDays) {
        this.earnings = earnings;
        this.ledger = ledger;
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
        this.defaultHoldDays = holdDays;
    }

    @ApplicationModuleListener
    void on(OrderPaid paid) {
        for (OrderPaid.SellerEarning earning : paid.earnings()) {
            schedule(paid.orderId(), earning.sellerId(), paid.currency(), earning.amount(), paid.paidAt());
        }
    }

    /**
     * Records a seller's earnings from a sale and when they become available; a second call changes
     * nothing. Other modules whose sales credit {@code seller.earnings.pending} (campaigns, for a paid
     * response: {@code saleId} is the submission's id) call this in the transaction that credits it,
     * so the earnings take the same hold period and payout flow as an order's.
     */
    public void schedule(String orderId, String sellerId, String currency, long amount, Instant paidAt) {
        earnings.record(orderId, sellerId, currency, amount, paidAt, defaultHoldDays);
    }

    /**
     * What {@link #creditAvailable} did: the ledger legs for the caller to post with its own, and
     * how much of the amount became available (the rest repaid the user's debt).
     */
    public record Credit(List<Entry> entries, long available) {
    }

    /**
     * Earnings that are not from a sale — cash for redeemed reward tokens — available at once, with
     * no hold: recorded with the user's earnings (so they count in the earnings summary) under the
     * source's id, in the caller's transaction. Returns the credit legs the caller posts in its own
     * ledger transaction (with the debit that funds them); a debt from refunds is repaid first, as
     * a release does.
     *
     * @throws IllegalStateException when this source was credited before
     */
    public Credit creditAvailable(String sourceId, String userId, String currency, long amount, Instant at) {
        if (!earnings.recordReleased(sourceId, userId, currency, amount, at)) {
            throw new IllegalStateException("earnings of " + sourceId + " were credited before");
        }
        AccountId debt = debt(userId, currency);
        long repay = Math.min(Math.max(0, -accounts.balance(debt).posted()), amount);
        List<Entry> entries = new ArrayList<>();
        if (repay > 0) {
            entries.add(Entry.credit(debt, repay, currency));
        }
        if (amount - repay > 0) {
            entries.add(Entry.credit(available(userId, currency), amount - repay, currency));
        }
        return new Credit(entries, amount - repay);
    }

    /** Makes every due earning available; returns how many were released. */
    public int releaseDue() {
        int total = 0;
        int released;
        do {
            released = transactions.execute(status -> {
                Instant now = clock.instant();
                List<SellerEarnings.Earning> due = earnings.due(now, BATCH);
                for (SellerEarnings.Earning e : due) {
                    if (e.amount() <= 0) {
                        earnings.markReleased(e, now);
                        continue;
                    }
                    AccountId debt = debt(e.sellerId(), e.currency());
                    long owed = Math.max(0, -accounts.balance(debt).posted());
                    long repay = Math.min(owed, e.amount());
                    List<Entry> entries = new ArrayList<>();
                    entries.add(Entry.debit(pending(e.sellerId(), e.currency()), e.amount(), e.currency()));
                    if (repay > 0) {
                        entries.add(Entry.credit(debt, repay, e.currency()));
                    }
                    if (e.amount() - repay > 0) {
                        entries.add(Entry.credit(available(e.sellerId(), e.currency()), e.amount() - repay, e.currency()));
                    }
                    ledger.post(new TransactionRequest("earnings:" + e.orderId() + ":" + e.sellerId() + ":release",
                            "earnings.release", entries, null, e.orderId(), Map.of("seller_id", e.sellerId())));
                    earnings.markReleased(e, now);
                }
                return due.size();
            });
            total += released;
        } while (released == BATCH);
        return total;
    }

    AccountId pending(String sellerId, String currency) {
        return accounts.idOf(MarketplaceAccounts.sellerPending(sellerId, currency));
    }

    /** What the seller owes after refunds of earnings already released (zero or negative). */
    AccountId debt(String sellerId, String currency) {
        return accounts.idOf(NewAccount.of(AccountOwner.user(sellerId), "seller.earnings.debt", currency));
    }

    AccountId available(String sellerId, String currency) {
        return accounts.idOf(NewAccount.of(AccountOwner.user(sellerId), "seller.earnings.available", currency));
    }
}
