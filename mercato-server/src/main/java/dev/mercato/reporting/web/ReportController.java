package dev.mercato.reporting.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.reporting.RevenueReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/reports/revenue}: admin only; JSON by default, CSV with {@code Accept: text/csv}. */
@RestController
class ReportController {

    private static final String[] HEADER = {"period_start", "group", "currency", "orders", "gmv", "platform_revenue",
            "processor_fees", "seller_earnings", "refunds", "payouts", "campaign_fees", "campaign_processor_fees", "campaign_revenue",
            "total_platform_revenue"};

    private final RevenueReport report;
    private final Clock clock;

    ReportController(RevenueReport report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    record Report(String object, String period, String groupBy, Instant from, Instant to, List<RevenueReport.Line> data) {
    }

    @GetMapping(path = "/v1/reports/revenue", produces = MediaType.APPLICATION_JSON_VALUE)
    Report json(Caller caller, @RequestParam(defaultValue = "day") String period,
            @RequestParam(name = "group_by", defaultValue = "none") String groupBy, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        caller.requireAdmin();
        Instant end = instant(to, clock.instant().plusSeconds(1));
        Instant start = instant(from, end.minus(Duration.ofDays(31)));
        return new Report("revenue_report", period, groupBy, start, end, report.lines(period, groupBy, start, end));
    }

    @GetMapping(path = "/v1/reports/revenue", produces = "text/csv")
    String csv(Caller caller, @RequestParam(defaultValue = "day") String period,
            @RequestParam(name = "group_by", defaultValue = "none") String groupBy, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Report report = json(caller, period, groupBy, from, to);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            for (RevenueReport.Line l : report.data()) {
                csv.printRecord(l.periodStart(), l.group(), l.currency(), l.orders(), l.gmv(), l.platformRevenue(),
                        l.processorFees(), l.sellerEarnings(), l.refunds(), l.payouts(), l.campaignFees(),
                        l.campaignProcessorFees(), l.campaignRevenue(), l.totalPlatformRevenue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Instant instant(String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("invalid_parameter", "from and to are RFC 3339 instants, e.g. 2026-11-01T00:00:00Z");
        }
    }
}
