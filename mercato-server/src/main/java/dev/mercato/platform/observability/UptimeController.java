package dev.mercato.platform.observability;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/uptime}, public: when this instance started, how long it has run and which
 * version it is. Measured by the JVM, not the Mercato clock: moving the test clock must not make
 * an instance look older than it is.
 */
@RestController
class UptimeController {

    private final String version;

    UptimeController(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        // Without build-info (running from an IDE rather than a Maven build) there is no version to report.
        this.version = properties == null ? "development" : properties.getVersion();
    }

    record Uptime(String object, Instant startedAt, long uptimeSeconds, String version) {
    }

    @GetMapping("/v1/uptime")
    Uptime uptime() {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        return new Uptime("uptime", Instant.ofEpochMilli(runtime.getStartTime()), runtime.getUptime() / 1000, version);
    }
}
