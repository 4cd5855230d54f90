package dev.mercato.support.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.support.ClientError;
import dev.mercato.support.ErrorReports;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Client applications report their errors; operators list them. */
@RestController
class ErrorReportController {

    private final ErrorReports reports;
    private final ObjectMapper json;

    ErrorReportController(ErrorReports reports, ObjectMapper json) {
        this.reports = reports;
        this.json = json;
    }

    record ReportError(String message, String stack, String url, String userAgent, String release, JsonNode context) {
    }

    record ErrorView(String id, String object, String userId, String message, String stack, String url, String userAgent,
            String release, JsonNode context, Instant createdAt) {
    }

    /** Any authenticated caller may report; without {@code user_agent} in the body, the request's own is kept. */
    @AuditExempt("the stored report is itself the record (GET /v1/admin/errors); nothing existing changes")
    @PostMapping("/v1/errors/report")
    @ResponseStatus(HttpStatus.CREATED)
    ErrorView report(Caller caller, @RequestBody ReportError body,
            @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
        if (body.context() != null && !body.context().isNull() && !body.context().isObject()) {
            throw ApiException.invalid("invalid_context", "context must be a JSON object");
        }
        String context = body.context() == null || body.context().isNull() ? null : json.writeValueAsString(body.context());
        return view(reports.report(caller.userId(), new ErrorReports.Report(body.message(), body.stack(), body.url(),
                body.userAgent() != null ? body.userAgent() : userAgent, body.release(), context)));
    }

    @GetMapping("/v1/admin/errors")
    Page<ErrorView> list(Caller caller, @RequestParam(required = false) String release,
            @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) String since, @RequestParam(required = false) String until,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        return Page.fromOverfetch(reports.list(release, userId, time(since, "since"), time(until, "until"), startingAfter,
                size + 1), size).map(this::view);
    }

    private ErrorView view(ClientError e) {
        return new ErrorView(e.id(), "client_error", e.userId(), e.message(), e.stack(), e.url(), e.userAgent(), e.release(),
                json.readTree(e.context()), e.createdAt());
    }

    private static Instant time(String value, String parameter) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("invalid_parameter", parameter + " must be an RFC 3339 time such as 2026-01-31T00:00:00Z");
        }
    }
}
