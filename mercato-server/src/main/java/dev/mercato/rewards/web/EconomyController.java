package dev.mercato.rewards.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.rewards.TokenEconomy;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/rewards/economy}: operators only; JSON by default, the per-day series as CSV with {@code Accept: text/csv}. */
@RestController
class EconomyController {

    private static final String[] HEADER = {"day", "issued", "burned", "returned_to_treasury", "awards", "spends", "redeemed", "expired"};

    private final TokenEconomy economy;

    EconomyController(TokenEconomy economy) {
        this.economy = economy;
    }

    @GetMapping(path = "/v1/rewards/economy", produces = MediaType.APPLICATION_JSON_VALUE)
    TokenEconomy.Figures json(Caller caller, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        caller.requireAdmin();
        return economy.figures(instant(from), instant(to));
    }

    @GetMapping(path = "/v1/rewards/economy", produces = "text/csv")
    String csv(Caller caller, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        TokenEconomy.Figures figures = json(caller, from, to);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            for (TokenEconomy.Day d : figures.days()) {
                csv.printRecord(d.day(), d.issued(), d.burned(), d.returned(), d.awards(), d.spends(), d.redeemed(), d.expired());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("invalid_parameter", "from and to are RFC 3339 instants, e.g. 2026-11-01T00:00:00Z");
        }
    }
}
