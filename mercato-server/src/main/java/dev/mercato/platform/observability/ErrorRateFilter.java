package dev.mercato.platform.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts server errors ({@code http_server_errors_total}) and publishes the gauge
 * {@code error_rate}: the share of API requests in the last minute that ended in a 5xx (or an
 * exception no handler caught). {@code /actuator} requests are left out, so Prometheus scrapes do
 * not dilute the rate.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ErrorRateFilter extends OncePerRequestFilter {

    private final ErrorWindow window;
    private final Counter errors;

    ErrorRateFilter(Clock clock, MeterRegistry meters) {
        this.window = new ErrorWindow(clock);
        this.errors = Counter.builder("http.server.errors").description("API responses with a 5xx status")
                .register(meters);
        Gauge.builder("error_rate", window, ErrorWindow::rate)
                .description("share of API requests in the last minute that ended in a server error (0 to 1)")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = response.getStatus() >= 500;
        } finally {
            window.record(failed);
            if (failed) {
                errors.increment();
            }
        }
    }
}
