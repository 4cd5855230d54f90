package dev.mercato.platform.observability;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} switches the console to one JSON object per line (Elastic Common Schema,
 * with the request id as {@code request_id}); {@code ecs}, {@code logstash} and {@code gelf} pick a
 * schema; {@code text} or nothing keeps the readable default. Runs before logging starts.
 */
public class LogFormatEnvironment implements EnvironmentPostProcessor {

    private static final Set<String> SCHEMAS = Set.of("ecs", "logstash", "gelf");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty("LOG_FORMAT", "").trim().toLowerCase(Locale.ROOT);
        if (format.isEmpty() || format.equals("text")) {
            return;
        }
        String schema = format.equals("json") ? "ecs" : format;
        if (!SCHEMAS.contains(schema)) {
            throw new IllegalArgumentException("LOG_FORMAT must be text, json, ecs, logstash or gelf, not '" + format + "'");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("log-format",
                Map.of("logging.structured.format.console", schema)));
    }
}
