package dev.mercato.support;

import dev.mercato.platform.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Stores the errors client applications report about themselves and counts them
 * ({@code client_errors_total}), so operators see a broken release before users write in.
 * Each field has a size limit; a report over it is refused whole, nothing stored.
 */
@Service
public class ErrorReports {

    static final int MAX_MESSAGE = 2_000;
    static final int MAX_STACK = 32_000;
    static final int MAX_URL = 2_048;
    static final int MAX_USER_AGENT = 512;
    static final int MAX_RELEASE = 100;
    static final int MAX_CONTEXT = 16_384;

    private final ClientErrors errors;
    private final Clock clock;
    private final Counter reported;

    ErrorReports(ClientErrors errors, Clock clock, MeterRegistry meters) {
        this.errors = errors;
        this.clock = clock;
        this.reported = Counter.builder("client_errors").description("errors reported by client applications")
                .register(meters);
    }

    /** A report's content; {@code context} is a JSON object as text, or null. */
    public record Report(String message, String stack, String url, String userAgent, String release, String context) {
    }

    public ClientError report(String userId, Report report) {
        Limits.required(report.message(), "message");
        Limits.atMost(report.message(), MAX_MESSAGE, "message");
        Limits.atMost(report.stack(), MAX_STACK, "stack");
        Limits.atMost(report.url(), MAX_URL, "url");
        Limits.atMost(report.userAgent(), MAX_USER_AGENT, "user_agent");
        Limits.atMost(report.release(), MAX_RELEASE, "release");
        Limits.atMost(report.context(), MAX_CONTEXT, "context");
        ClientError error = new ClientError(Ids.next("cerr", clock), userId, report.message(), report.stack(), report.url(),
                report.userAgent(), report.release(), report.context() == null ? "{}" : report.context(), clock.instant());
        errors.insert(error);
        reported.increment();
        return error;
    }

    /** Newest first; each filter may be null. */
    public List<ClientError> list(String release, String userId, Instant since, Instant until, String startingAfter,
            int limit) {
        return errors.list(release, userId, since, until, startingAfter, limit);
    }
}
