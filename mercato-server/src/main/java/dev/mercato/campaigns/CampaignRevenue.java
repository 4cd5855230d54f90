package dev.mercato.campaigns;

import dev.mercato.ledger.PostingTotals;
import dev.mercato.orders.MarketplaceAccounts;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * What campaigns earned the platform, per period and currency, read from the ledger: the protocol
 * and funding fees platform revenue received when responses were paid, the processor fees on
 * campaign money (the 0.25% of each paid response, and the processor's charge fee on each funding,
 * which the platform bears), and the net that campaigns added to platform revenue.
 */
@Service
public class CampaignRevenue {

    /**
     * @param fees           protocol + funding fees credited to platform revenue by paid responses
     * @param processorFees  credited to processor fees by campaign payments and fundings
     * @param revenue        the net change campaigns made to platform revenue (fees less the funding charge fees)
     */
    public record Row(Instant periodStart, String currency, long fees, long processorFees, long revenue) {
    }

    private static final String FUNDING = "campaign.funding";
    private static final String PAYMENT = "campaign.payment";

    private static final PostingTotals.Of PLATFORM_REVENUE = PostingTotals.Of.of(MarketplaceAccounts.platformRevenue("USD"));
    private static final PostingTotals.Of PROCESSOR_FEES = PostingTotals.Of.of(MarketplaceAccounts.processorFees("USD"));

    private final PostingTotals totals;

    CampaignRevenue(PostingTotals totals) {
        this.totals = totals;
    }

    /** @param period {@code day}, {@code week} or {@code month} */
    public List<Row> rows(String period, Instant from, Instant to) {
        record Key(Instant start, String currency) {
        }
        Map<Key, long[]> sums = new TreeMap<>(Comparator.comparing(Key::start).thenComparing(Key::currency));
        for (PostingTotals.Row r : totals.byPeriod(List.of(PLATFORM_REVENUE, PROCESSOR_FEES), Set.of(FUNDING, PAYMENT), period,
                from, to)) {
            long[] v = sums.computeIfAbsent(new Key(r.periodStart(), r.asset()), k -> new long[3]);
            if (r.account().equals(PLATFORM_REVENUE)) {
                if (r.transactionType().equals(PAYMENT)) {
                    v[0] += r.credits() - r.debits();
                }
                v[2] += r.credits() - r.debits();
            } else {
                v[1] += r.credits() - r.debits();
            }
        }
        return sums.entrySet().stream().map(e -> new Row(e.getKey().start(), e.getKey().currency(), e.getValue()[0],
                e.getValue()[1], e.getValue()[2])).toList();
    }
}
