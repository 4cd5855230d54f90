package dev.mercato.orders;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.NewAccount;

/**
 * The system accounts every sale moves money through, defined once so that whichever module opens
 * one first opens it with the same rules. Each sale writes all of them, so each is striped: a sale
 * locks one stripe of each, and concurrent sales on other stripes do not wait for it.
 */
public final class MarketplaceAccounts {

    public static final int STRIPES = 8;

    private MarketplaceAccounts() {
    }

    /**
     * Money in transit at the processor: debited when a buyer pays, credited when the processor
     * pays it out (payouts, refunds, dispute losses). It goes negative by what the processor owes.
     */
    public static NewAccount clearing(String currency) {
        return NewAccount.of(AccountOwner.system("processor"), "processor.clearing", currency).allowingNegative()
                .striped(STRIPES);
    }

    /**
     * A pass-through for captured payments: a capture fills it and the order's split empties it in
     * the same ledger step, so it nets to zero per order (checked by the checkout tests and the
     * benchmark). It is allowed negative per stripe because the capture credits the stripe its hold
     * chose and the split debits the stripe the split chose; the stripes always sum to zero.
     */
    public static NewAccount escrow(String currency) {
        return NewAccount.of(AccountOwner.system("orders"), "orders.escrow", currency).allowingNegative()
                .striped(STRIPES);
    }

    /** The processor's fees on sales, which the platform bears; only sales credit it. */
    public static NewAccount processorFees(String currency) {
        return NewAccount.of(AccountOwner.system("processor"), "processor.fees", currency).striped(STRIPES);
    }

    /** The platform's commissions less the fees it bears; it may go negative when a fee exceeds a commission. */
    public static NewAccount platformRevenue(String currency) {
        return NewAccount.of(AccountOwner.platform(), "platform.revenue", currency).allowingNegative().striped(STRIPES);
    }

    /** A seller's earnings from sales while their hold period runs. */
    public static NewAccount sellerPending(String sellerId, String currency) {
        return NewAccount.of(AccountOwner.user(sellerId), "seller.earnings.pending", currency);
    }
}
