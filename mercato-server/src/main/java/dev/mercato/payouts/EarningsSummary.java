package dev.mercato.payouts;

import dev.mercato.ledger.Accounts;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/** What a seller has earned, what is pending, what is available, and what was paid out, per currency and period. */
@Service
public class EarningsSummary {

    static final Set<String> PERIODS = Set.of("day", "week", "month");

    /** Totals in one currency. */
    /** Totals in one currency; {@code owed} is what refunds after release took beyond available earnings. */
    public record Totals(String currency, long totalEarned, long pending, long available, long paidOut, long owed) {
    }

    /** Earnings that arrived in one period. */
    public record PeriodEarnings(java.time.Instant periodStart, String currency, long earned) {
    }

    private final SellerEarnings earnings;
    private final EarningsRelease release;
    private final Accounts accounts;
    private final PayoutManagement payouts;

    EarningsSummary(SellerEarnings earnings, EarningsRelease release, Accounts accounts, PayoutManagement payouts) {
        this.earnings = earnings;
        this.release = release;
        this.accounts = accounts;
        this.payouts = payouts;
    }

    public List<Totals> totals(String sellerId) {
        return earnings.currencies(sellerId).stream().map(currency -> new Totals(currency, earnings.total(sellerId, currency),
                accounts.balance(release.pending(sellerId, currency)).posted(),
                accounts.balance(release.available(sellerId, currency)).available(),
                payouts.paidOut(sellerId, currency),
                Math.max(0, -accounts.balance(release.debt(sellerId, currency)).posted()))).toList();
    }

    public List<PeriodEarnings> byPeriod(String sellerId, String period, int limit) {
        return earnings.byPeriod(sellerId, period, limit).stream()
                .map(p -> new PeriodEarnings(p.start(), p.currency(), p.earned())).toList();
    }
}
