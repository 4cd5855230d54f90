package dev.mercato.orders;

import dev.mercato.ledger.Account;
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
 * the authorization reserves the amount from processor clearing towards the order escrow; the
 * capture takes it into escrow and splits it — seller earnings (pending), platform commission,
 * and the processor's fee, which the platform bears. Keys derive from the order, so a resumed
 * payment never posts twice.
 */
@Component
class OrderLedger {

    private static final int REVENUE_STRIPES = 8;

    private final Ledger ledger;
    private final Accounts accounts;

    OrderLedger(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    Hold reserve(Order order, String paymentId) {
        return ledger.placeHold(new HoldRequest("order:" + order.id() + ":hold", clearing(order.currency()).id(),
                escrow(order.currency()).id(), order.total(), order.currency(), null, order.id(),
                Map.of("payment_id", paymentId)));
    }

    void settle(Order order, Split split) {
        String currency = order.currency();
        ledger.capture(new HoldId(order.holdId()), new CaptureRequest("order:" + order.id() + ":capture", null));
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.debit(escrow(currency).id(), split.total(), currency));
        long commissions = 0;
        for (int i = 0; i < order.lines().size(); i++) {
            Split.LineSplit line = split.lines().get(i);
            commissions += line.commission();
            if (line.sellerEarnings() > 0) {
                entries.add(Entry.credit(sellerPending(order.lines().get(i).sellerId(), currency).id(), line.sellerEarnings(),
                        currency));
            }
        }
        Account revenue = platformRevenue(currency);
        if (commissions > 0) {
            entries.add(Entry.credit(revenue.id(), commissions, currency));
        }
        if (split.processorFee() > 0) {
            entries.add(Entry.debit(revenue.id(), split.processorFee(), currency));
            entries.add(Entry.credit(processorFees(currency).id(), split.processorFee(), currency));
        }
        ledger.post(new TransactionRequest("order:" + order.id() + ":split", "order.split", entries, null, order.id(),
                Map.of("buyer_id", order.buyerId())));
    }

    /** Refunds on their way back to buyers: filled by the refund's split, emptied when the processor confirms. */
    Account refundsInFlight(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("orders"), "refunds.in_flight", currency));
    }

    /** Disputed money taken out of the seller's and the platform's balances while the dispute is open. */
    Account disputesHeld(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("orders"), "disputes.held", currency));
    }

    Account clearingAccount(String currency) {
        return clearing(currency);
    }

    Account revenueAccount(String currency) {
        return platformRevenue(currency);
    }

    Account feesAccount(String currency) {
        return processorFees(currency);
    }

    /** Money in transit at the processor: it may go negative by what buyers have paid and the processor owes. */
    private Account clearing(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("processor"), "processor.clearing", currency)
                .allowingNegative());
    }

    private Account escrow(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("orders"), "orders.escrow", currency));
    }

    private Account sellerPending(String sellerId, String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.user(sellerId), "seller.earnings.pending", currency));
    }

    /** Every sale credits it, so it is striped; it may go negative when a fee exceeds a commission. */
    private Account platformRevenue(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.platform(), "platform.revenue", currency)
                .allowingNegative().striped(REVENUE_STRIPES));
    }

    private Account processorFees(String currency) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.system("processor"), "processor.fees", currency));
    }
}
