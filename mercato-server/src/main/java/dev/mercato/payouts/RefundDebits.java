package dev.mercato.payouts;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Accounts;
import dev.mercato.orders.SellerDebits;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Takes a refund's seller share from the right place. While the order's earnings are held, from
 * pending — and the release later moves only what is left. Once released (perhaps already paid
 * out), it becomes the seller's debt: its {@code seller.earnings.debt} account goes negative, down
 * to a limit ({@code mercato.payouts.negative-balance-limit}), and later releases repay it before
 * anything becomes available again. Available earnings themselves never go negative, so a seller
 * who owes money cannot be paid out. That is the documented policy: the platform never silently
 * absorbs it.
 */
@Component
class RefundDebits implements SellerDebits {

    private final SellerEarnings earnings;
    private final EarningsRelease release;
    private final Accounts accounts;
    private final long negativeLimit;

    RefundDebits(SellerEarnings earnings, EarningsRelease release, Accounts accounts,
            @Value("${mercato.payouts.negative-balance-limit:10000}") long negativeLimit) {
        this.earnings = earnings;
        this.release = release;
        this.accounts = accounts;
        this.negativeLimit = negativeLimit;
    }

    @Override
    public AccountId accountForRefund(String sellerId, String orderId, String currency, long orderEarnings, long amount,
            Instant paidAt) {
        if (earnings.lock(orderId, sellerId).isEmpty()) {
            // The sale has not reached payouts yet (its event is still on the way): record it now.
            release.schedule(orderId, sellerId, currency, orderEarnings, paidAt);
        }
        SellerEarnings.State state = earnings.lock(orderId, sellerId).orElseThrow();
        if (!state.released()) {
            earnings.addRefunded(orderId, sellerId, amount);
            return release.pending(sellerId, currency);
        }
        AccountId debt = release.debt(sellerId, currency);
        if (accounts.find(debt).orElseThrow().overdraftLimit() < negativeLimit) {
            accounts.changeOverdraftLimit(debt, negativeLimit);
        }
        return debt;
    }
}
