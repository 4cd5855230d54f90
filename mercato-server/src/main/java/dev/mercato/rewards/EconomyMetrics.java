package dev.mercato.rewards;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Prometheus gauges of the token economy over the last 365 days: {@code rewards_net_inflation}
 * (a yearly fraction; NaN while nothing circulated a year ago) and
 * {@code rewards_net_inflation_over_target} (1 when above {@code mercato.rewards.inflation-target},
 * the warning to alert on). Computed at most once a minute, whatever the scrape rate.
 */
@Component
class EconomyMetrics {

    private static final Duration REFRESH = Duration.ofMinutes(1);

    private record Reading(Instant at, TokenEconomy.Figures figures) {
    }

    private final TokenEconomy economy;
    private final Clock clock;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    EconomyMetrics(TokenEconomy economy, Clock clock, MeterRegistry meters) {
        this.economy = economy;
        this.clock = clock;
        Gauge.builder("rewards_net_inflation", this, m -> {
            Double inflation = m.yearly().netInflation();
            return inflation == null ? Double.NaN : inflation;
        }).description("Net token inflation over the last 365 days, as a yearly fraction").register(meters);
        Gauge.builder("rewards_net_inflation_over_target", this, m -> m.yearly().overTarget() ? 1 : 0)
                .description("1 when net token inflation exceeds mercato.rewards.inflation-target").register(meters);
    }

    private TokenEconomy.Figures yearly() {
        Instant now = clock.instant();
        Reading reading = last.get();
        if (reading == null || reading.at().plus(REFRESH).isBefore(now)) {
            reading = new Reading(now, economy.figures(now.minus(Duration.ofDays(365)), now));
            last.set(reading);
        }
        return reading.figures();
    }
}
