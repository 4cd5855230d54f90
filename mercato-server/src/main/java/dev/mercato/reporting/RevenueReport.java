package dev.mercato.reporting;

import dev.mercato.campaigns.CampaignRevenue;
import dev.mercato.orders.SalesReport;
import dev.mercato.payouts.PayoutReport;
import dev.mercato.platform.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * The operator's revenue report: GMV, platform revenue (commissions less processor fees and
 * refunded commissions), processor fees, refunds and payouts, per day, week or month, overall or
 * per category or seller; and what campaigns earned (protocol and funding fees, their processor
 * fees, their net revenue), so the total platform revenue matches the ledger's account.
 */
@Service
public class RevenueReport {

    static final Set<String> PERIODS = Set.of("day", "week", "month");
    static final Set<String> GROUPS = Set.of("none", "category", "seller");

    /**
     * One line of the report. The marketplace columns come from orders, refunds and payouts; the
     * campaign columns from the ledger's campaign postings ({@link CampaignRevenue}); grouped by
     * category or seller, campaigns are a group of their own ({@value #CAMPAIGNS}).
     */
    public record Line(Instant periodStart, String group, String currency, long orders, long gmv, long platformRevenue,
            long processorFees, long sellerEarnings, long refunds, long payouts, long campaignFees,
            long campaignProcessorFees, long campaignRevenue, long totalPlatformRevenue) {
    }

    public static final String CAMPAIGNS = "campaigns";

    private final SalesReport sales;
    private final PayoutReport payouts;
    private final CampaignRevenue campaigns;

    RevenueReport(SalesReport sales, PayoutReport payouts, CampaignRevenue campaigns) {
        this.sales = sales;
        this.payouts = payouts;
        this.campaigns = campaigns;
    }

    public List<Line> lines(String period, String groupBy, Instant from, Instant to) {
        if (!PERIODS.contains(period)) {
            throw ApiException.invalid("invalid_period", "period is day, week or month");
        }
        if (!GROUPS.contains(groupBy)) {
            throw ApiException.invalid("invalid_group", "group_by is none, category or seller");
        }
        if (!from.isBefore(to)) {
            throw ApiException.invalid("invalid_range", "from must be before to");
        }
        record Key(Instant start, String group, String currency) {
        }
        Map<Key, long[]> rows = new TreeMap<>(Comparator.comparing(Key::start).reversed()
                .thenComparing(Key::group).thenComparing(Key::currency));
        for (SalesReport.Row r : sales.rows(period, groupBy, from, to)) {
            long[] v = rows.computeIfAbsent(new Key(r.periodStart(), r.group(), r.currency()), k -> new long[10]);
            v[0] += r.orders();
            v[1] += r.gmv();
            v[2] += r.commissions() - r.processorFees() - r.refundedCommissions();
            v[3] += r.processorFees();
            v[4] += r.sellerEarnings();
            v[5] += r.refunds();
        }
        if (!groupBy.equals("category")) {
            for (PayoutReport.Row r : payouts.rows(period, groupBy.equals("seller"), from, to)) {
                rows.computeIfAbsent(new Key(r.periodStart(), r.group(), r.currency()), k -> new long[10])[6] += r.paidOut();
            }
        }
        for (CampaignRevenue.Row r : campaigns.rows(period, from, to)) {
            long[] v = rows.computeIfAbsent(new Key(r.periodStart(), groupBy.equals("none") ? "all" : CAMPAIGNS, r.currency()),
                    k -> new long[10]);
            v[7] += r.fees();
            v[8] += r.processorFees();
            v[9] += r.revenue();
        }
        List<Line> lines = new ArrayList<>(rows.size());
        rows.forEach((k, v) -> lines.add(new Line(k.start(), k.group(), k.currency(), v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                v[7], v[8], v[9], v[2] + v[9])));
        return lines;
    }
}
