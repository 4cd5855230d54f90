package dev.mercato.payouts.web;

import dev.mercato.payouts.EarningsSummary;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A seller's earnings: totals per currency and what came in per period. */
@RestController
class EarningsController {

    private final EarningsSummary summary;

    EarningsController(EarningsSummary summary) {
        this.summary = summary;
    }

    record Earnings(String object, String sellerId, List<EarningsSummary.Totals> totals, String period,
            List<EarningsSummary.PeriodEarnings> history) {
    }

    @GetMapping("/v1/sellers/me/earnings")
    Earnings mine(Caller caller, @RequestParam(defaultValue = "month") String period,
            @RequestParam(defaultValue = "12") int limit) {
        if (!List.of("day", "week", "month").contains(period)) {
            throw ApiException.invalid("invalid_period", "period is day, week or month");
        }
        if (limit < 1 || limit > 366) {
            throw ApiException.invalid("invalid_limit", "limit is 1 to 366 periods");
        }
        return new Earnings("seller_earnings", caller.userId(), summary.totals(caller.userId()), period,
                summary.byPeriod(caller.userId(), period, limit));
    }
}
