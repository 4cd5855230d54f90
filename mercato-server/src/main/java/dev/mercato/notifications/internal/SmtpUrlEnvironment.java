package dev.mercato.notifications.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code MERCATO_SMTP_URL} ({@code smtp://user:pass@host:587} or {@code smtps://user:pass@host:465})
 * into Spring Mail's {@code spring.mail.*} settings, and gives SMTP connections timeouts: Jakarta
 * Mail waits forever by default, and a hung server must not stall the sender. Both come last, so
 * any {@code spring.mail.*} set explicitly (SPRING_MAIL_HOST, a command-line option) wins.
 */
public class SmtpUrlEnvironment implements EnvironmentPostProcessor {

    static final String TIMEOUT_MILLIS = "10000";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("MERCATO_SMTP_URL");
        if (url != null && !url.isBlank()) {
            environment.getPropertySources().addLast(new MapPropertySource("smtp-url", Map.copyOf(toSpring(url.trim()))));
        }
        Map<String, Object> timeouts = new HashMap<>();
        for (String protocol : new String[] {"smtp", "smtps"}) {
            for (String timeout : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
                timeouts.put("spring.mail.properties.mail." + protocol + "." + timeout, TIMEOUT_MILLIS);
            }
        }
        environment.getPropertySources().addLast(new MapPropertySource("smtp-timeouts", timeouts));
    }

    static Map<String, String> toSpring(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme();
        if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
            throw new IllegalArgumentException("MERCATO_SMTP_URL must be smtp://user:pass@host:port or smtps://user:pass@host:port");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("MERCATO_SMTP_URL names no host: smtp://user:pass@host:port");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("spring.mail.host", uri.getHost());
        settings.put("spring.mail.port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : "smtps".equals(scheme) ? 465 : 25));
        settings.put("spring.mail.protocol", scheme);
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            settings.put("spring.mail.username", decode(parts[0]));
            settings.put("spring.mail.password", parts.length > 1 ? decode(parts[1]) : "");
            settings.put("spring.mail.properties.mail." + scheme + ".auth", "true");
        }
        if ("smtp".equals(scheme)) {
            // Upgrades to TLS whenever the server offers it; a relay on port 587 does.
            settings.put("spring.mail.properties.mail.smtp.starttls.enable", "true");
        }
        return settings;
    }

    /** Percent-decoding as in a URI: unlike form encoding, '+' stands for itself. */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
