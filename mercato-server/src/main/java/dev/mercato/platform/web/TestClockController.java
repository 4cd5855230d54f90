package dev.mercato.platform.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.MercatoClock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moves Mercato's clock forward so scheduled behaviour can be exercised now. It does not exist
 * when {@code mercato.production=true}.
 */
@RestController
@ConditionalOnProperty(name = "mercato.production", havingValue = "false", matchIfMissing = true)
class TestClockController {

    private final MercatoClock clock;
    private final AuditLog audit;

    TestClockController(MercatoClock clock, AuditLog audit) {
        this.clock = clock;
        this.audit = audit;
    }

    record Advance(Long seconds) {
    }

    record ClockState(Instant now, long offsetSeconds) {
    }

    @GetMapping("/v1/test-clock")
    ClockState show(Caller caller) {
        caller.requireAdmin();
        return state();
    }

    @PostMapping("/v1/test-clock/advance")
    ClockState advance(Caller caller, @RequestBody Advance request) {
        caller.requireAdmin();
        if (request.seconds() == null || request.seconds() <= 0) {
            throw ApiException.invalid("invalid_duration", "seconds must be a positive integer");
        }
        // The clock lives in memory, not in a transaction: the filter writes this change after the request.
        return audit.changing("test_clock", "test_clock", this::state, () -> {
            clock.advance(Duration.ofSeconds(request.seconds()));
            return state();
        });
    }

    private ClockState state() {
        return new ClockState(clock.instant(), clock.offset().toSeconds());
    }
}
