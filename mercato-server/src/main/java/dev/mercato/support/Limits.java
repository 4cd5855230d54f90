package dev.mercato.support;

import dev.mercato.platform.ApiException;
import java.util.Map;

/** Checks of what callers send: required text present, and nothing longer than its limit. */
final class Limits {

    private Limits() {
    }

    static void required(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw new ApiException(400, parameter + "_required", parameter + " is required", Map.of("param", parameter));
        }
    }

    static void atMost(String value, int max, String parameter) {
        if (value != null && value.length() > max) {
            throw new ApiException(400, "parameter_too_long", parameter + " is longer than " + max + " characters",
                    Map.of("param", parameter));
        }
    }
}
