package dev.mercato.orders;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.CaptureRequest;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.HoldRequest;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.TransactionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every movement of an order's money, as ledger postings made inside the caller's transaction:
 * a payment captured at once is split straight from processor clearing — seller earnings
 * (pending), platform commission, and the processor's fee, which the platform bears; one
 * authorized and captured later is first reserved by a hold from clearing towards the order
 * escrow, captured into escrow and split from there. Keys derive from the order, so a resumed
 * payment never posts twice.
 */
@Component
class OrderLedger {

    private final Ledger ledger;
    private final Accounts accounts;

    OrderLedger(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    Hold reserve(Order order, String paymentId) {
        return ledger.placeHold(new HoldRequest("order:" + order.id() + ":hold", clearing(order.currency()),
                escrow(order.currency()), order.total(), order.currency(), null, order.id(),
                Map.of("payment_id", paymentId)));
    }

    /**
     * Splits the captured amount out in one ledger step, so the shared accounts are locked once, at
     * the very end of the caller's transaction when it calls this last. An order whose authorization
     * was reserved by a hold (one captured later: 3-D Secure, a timeout the janitor cleared up, a
     * capture that failed at first) has the hold captured into escrow and split from there; one
     * captured at once was never reserved, and is split straight from processor clearing.
     */
    void settle(Order order, Split split) {
        String currency = order.currency();
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.debit(order.holdId() != null ? escrow(currency) : clearing(currency), split.total(), currency));
        long commissions = 0;
        for (int i = 0; i < order.lines().size(); i++) {
            Split.LineSplit line = split.lines().get(i);
            commissions += line.commission();
            if (line.sellerEarnings() > 0) {
                entries.add(Entry.credit(accounts.idOf(MarketplaceAccounts.sellerPending(order.lines().get(i).sellerId(),
                        currency)), line.sellerEarnings(), currency));
            }
        }
        AccountId revenue = revenueAccount(currency);
        if (commissions > 0) {
            entries.add(Entry.credit(revenue, commissions, currency));
        }
        if (split.processorFee() > 0) {
            entries.add(Entry.debit(revenue, split.processorFee(), currency));
            entries.add(Entry.credit(feesAccount(currency), split.processorFee(), currency));
        }
        TransactionRequest splitting = new TransactionRequest("order:" + order.id() + ":split", "order.split", entries, null,
                order.id(), Map.of("buyer_id", order.buyerId()));
        if (order.holdId() != null) {
            ledger.captureAndPost(new HoldId(order.holdId()), new CaptureRequest("order:" + order.id() + ":capture", null),
                    splitting);
        } else {
            ledger.post(splitting);
        }
    }

    /** Refunds on their way back to buyers: filled by the refund's split, emptied when the processor confirms. */
    Account refundsInFlight(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("orders"), "refunds.in_flight", currency));
    }

    /** Disputed money taken out of the seller's and the platform's balances while the dispute is open. */
    Account disputesHeld(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("orders"), "disputes.held", currency));
    }

    AccountId clearingAccount(String currency) {
        return clearing(currency);
    }

    AccountId revenueAccount(String currency) {
        return accounts.idOf(MarketplaceAccounts.platformRevenue(currency));
    }

    AccountId feesAccount(String currency) {
        return accounts.idOf(MarketplaceAccounts.processorFees(currency));
    }

    private AccountId clearing(String currency) {
        return accounts.idOf(MarketplaceAccounts.clearing(currency));
    }

    private AccountId escrow(String currency) {
        return accounts.idOf(MarketplaceAccounts.escrow(currency));
    }
}
