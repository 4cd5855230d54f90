package dev.mercato.platform.flags;

import dev.mercato.platform.MercatoProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The environment this instance runs in, whose per-environment flag defaults apply:
 * {@code mercato.environment} ({@code MERCATO_ENV}), else {@code production} when
 * {@code mercato.production} is set and {@code development} otherwise.
 */
@Component
class FlagEnvironment {

    private final String name;

    FlagEnvironment(@Value("${mercato.environment:}") String configured, MercatoProperties properties) {
        this.name = resolve(configured, properties.production());
    }

    String name() {
        return name;
    }

    static String resolve(String configured, boolean production) {
        if (configured == null || configured.isBlank()) {
            return production ? "production" : "development";
        }
        if (!FlagDefinitions.NAME.matcher(configured).matches()) {
            throw new IllegalStateException("mercato.environment (MERCATO_ENV) is '" + configured
                    + "'; an environment name is 1-32 characters of a-z, 0-9, '_' and '-', starting with a letter");
        }
        return configured;
    }
}
