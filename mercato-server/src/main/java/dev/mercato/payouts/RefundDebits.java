package dev.mercato.payouts;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Accounts;
import dev.mercato.orders.SellerDebits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Takes a seller's share of a refund or dispute from the right place. While the order's earnings
 * are held, from pending, up to what this order still has pending (the release later moves only
 * what is left). Beyond that, and once released (perhaps paid out), it becomes the seller's debt:
 * its {@code seller.earnings.debt} account goes negative, down to a limit
 * ({@code mercato.payouts.negative-balance-limit}), and later releases repay it before anything
 * becomes available again. Available earnings never go negative, so a seller who owes money
 * cannot be paid out. That is the documented policy: the platform never silently absorbs it.
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
    public List<Part> debitsFor(String sellerId, String orderId, String currency, long orderEarnings, long amount,
            Instant paidAt) {
        if (earnings.lock(orderId, sellerId).isEmpty()) {
            // The sale has not reached payouts yet (its event is still on the way): record it now.
            release.schedule(orderId, sellerId, currency, orderEarnings, paidAt);
        }
        SellerEarnings.State state = earnings.lock(orderId, sellerId).orElseThrow();
        long fromPending = state.released() ? 0 : Math.min(amount, Math.max(0, state.pending()));
        List<Part> parts = new ArrayList<>();
        if (fromPending > 0) {
            earnings.addRefunded(orderId, sellerId, fromPending);
            parts.add(new Part(release.pending(sellerId, currency), fromPending));
        }
        if (amount - fromPending > 0) {
            AccountId debt = release.debt(sellerId, currency);
            if (accounts.find(debt).orElseThrow().overdraftLimit() < negativeLimit) {
                accounts.changeOverdraftLimit(debt, negativeLimit);
            }
            parts.add(new Part(debt, amount - fromPending));
        }
        return parts;
    }

    @Override
    public List<Part> creditsForReturn(String sellerId, String orderId, String currency, long amount, AccountId takenFrom) {
        boolean held = earnings.lock(orderId, sellerId).map(state -> !state.released()).orElse(false);
        if (held && takenFrom.equals(release.pending(sellerId, currency))) {
            earnings.addRefunded(orderId, sellerId, -amount);
            return List.of(new Part(takenFrom, amount));
        }
        AccountId debt = release.debt(sellerId, currency);
        long repay = Math.min(Math.max(0, -accounts.balance(debt).posted()), amount);
        List<Part> parts = new ArrayList<>();
        if (repay > 0) {
            parts.add(new Part(debt, repay));
        }
        if (amount - repay > 0) {
            parts.add(new Part(release.available(sellerId, currency), amount - repay));
        }
        return parts;
    }
}
