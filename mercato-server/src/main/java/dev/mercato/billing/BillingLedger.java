package dev.mercato.billing;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.orders.MarketplaceAccounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Subscription money in the ledger, posted inside the caller's transaction (the one that changes
 * the subscription). A charge takes the card payment from processor clearing and any account
 * credit from the customer's credit account into the platform's subscription revenue, which then
 * bears the processor's fee; a downgrade's net credit moves from that revenue to the customer's
 * credit account, where the next charge uses it first. The tax on an invoice is not revenue: it
 * goes to (or, on a credit, comes back from) the platform's tax payable. A coupon's discount is
 * simply less money collected: nothing is posted for it.
 */
@Component
class BillingLedger {

    private final Ledger ledger;
    private final Accounts accounts;

    BillingLedger(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /** The platform's revenue from subscriptions, apart from sales commissions. */
    static NewAccount subscriptionRevenue(String currency) {
        return NewAccount.of(AccountOwner.platform(), "platform.subscription_revenue", currency).allowingNegative()
                .striped(MarketplaceAccounts.STRIPES);
    }

    /** Tax collected on invoices, owed to the tax authority. */
    static NewAccount taxPayable(String currency) {
        return NewAccount.of(AccountOwner.platform(), "platform.tax_payable", currency).allowingNegative()
                .striped(MarketplaceAccounts.STRIPES);
    }

    /** What the platform owes a customer from downgrades, used before their card on the next charge. */
    static NewAccount accountCredit(String userId, String currency) {
        return NewAccount.of(AccountOwner.user(userId), "billing.account_credit", currency);
    }

    long creditBalance(String userId, String currency) {
        return accounts.find(AccountOwner.user(userId), "billing.account_credit", currency)
                .map(a -> accounts.balance(a.id()).available()).orElse(0L);
    }

    /** Posts a charge of which {@code tax} is tax; returns the ledger transaction's id, or null when nothing moved. */
    String charge(String key, Subscription s, SubscriptionPayments.Paid paid, long tax) {
        if (paid.total() == 0) {
            return null;
        }
        String currency = s.currency();
        AccountId revenue = accounts.idOf(subscriptionRevenue(currency));
        List<Entry> entries = new ArrayList<>();
        if (paid.byCard() > 0) {
            entries.add(Entry.debit(accounts.idOf(MarketplaceAccounts.clearing(currency)), paid.byCard(), currency));
        }
        if (paid.creditApplied() > 0) {
            entries.add(Entry.debit(accounts.openOrGet(accountCredit(s.userId(), currency)).id(), paid.creditApplied(),
                    currency));
        }
        entries.add(Entry.credit(revenue, paid.total() - tax, currency));
        if (tax != 0) {
            entries.add(Entry.credit(accounts.idOf(taxPayable(currency)), tax, currency));
        }
        if (paid.fee() > 0) {
            entries.add(Entry.debit(revenue, paid.fee(), currency));
            entries.add(Entry.credit(accounts.idOf(MarketplaceAccounts.processorFees(currency)), paid.fee(), currency));
        }
        return ledger.post(new TransactionRequest(key, "subscription.charge", entries, null, s.id(),
                metadata(s, paid.paymentId()))).id().value();
    }

    /**
     * Credits the customer {@code amount} for a downgrade, of which {@code tax} (0 or more) is the tax
     * given back; returns the ledger transaction's id.
     */
    String credit(String key, Subscription s, long amount, long tax) {
        String currency = s.currency();
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.debit(accounts.idOf(subscriptionRevenue(currency)), amount - tax, currency));
        if (tax != 0) {
            entries.add(Entry.debit(accounts.idOf(taxPayable(currency)), tax, currency));
        }
        entries.add(Entry.credit(accounts.openOrGet(accountCredit(s.userId(), currency)).id(), amount, currency));
        return ledger.post(new TransactionRequest(key, "subscription.credit", entries, null, s.id(), metadata(s, null)))
                .id().value();
    }

    private static Map<String, String> metadata(Subscription s, String paymentId) {
        return paymentId == null ? Map.of("user_id", s.userId(), "plan_id", s.planId())
                : Map.of("user_id", s.userId(), "plan_id", s.planId(), "payment_id", paymentId);
    }
}
