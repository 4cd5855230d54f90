package dev.mercato.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mercato.platform.ApiException;
import java.time.Instant;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What a plan (or an override) grants for one feature.
 *
 * @param type    {@code boolean} (on or off), {@code limit} (a number such as seats or storage GB),
 *                {@code quota} (units per period, consumed through {@code POST /v1/usage/consume}),
 *                or {@code value} (a setting such as the API rate class)
 * @param enabled for {@code boolean}
 * @param limit   for {@code limit} and {@code quota}; null means unlimited
 * @param period  for {@code quota}: {@code day} or {@code month} (UTC calendar periods)
 * @param value   for {@code value}
 * @param overage for a plan's {@code quota} with a limit: units past the limit are allowed and billed
 *                on the renewal invoice at this price; null (the default) makes the limit a hard one
 */
public record Feature(String type, Boolean enabled, Long limit, String period, String value,
        @JsonInclude(JsonInclude.Include.NON_NULL) Overage overage) {

    /**
     * The price of usage past a quota's limit: {@code prices} (minor units per currency) for every
     * {@code per} units (null: 1), rounded half up per invoice line.
     */
    public record Overage(Map<String, Long> prices, Long per) {

        /** What {@code units} past the limit cost in {@code currency}, or -1 when there is no price in it. */
        long charge(long units, String currency) {
            Long price = prices == null ? null : prices.get(currency);
            if (price == null) {
                return -1;
            }
            long every = per == null ? 1 : per;
            return Math.addExact(Math.multiplyExact(Math.multiplyExact(units, price), 2L), every) / Math.multiplyExact(every, 2L);
        }
    }

    public Feature(String type, Boolean enabled, Long limit, String period, String value) {
        this(type, enabled, limit, period, value, null);
    }

    public static final String BOOLEAN = "boolean";
    public static final String LIMIT = "limit";
    public static final String QUOTA = "quota";
    public static final String VALUE = "value";
    public static final long MAX_LIMIT = 1_000_000_000_000L;

    public static Feature on() {
        return new Feature(BOOLEAN, true, null, null, null);
    }

    public static Feature off() {
        return new Feature(BOOLEAN, false, null, null, null);
    }

    public static Feature limit(Long limit) {
        return new Feature(LIMIT, null, limit, null, null);
    }

    public static Feature quota(Long limit, String period) {
        return new Feature(QUOTA, null, limit, period, null);
    }

    public static Feature value(String value) {
        return new Feature(VALUE, null, null, null, value);
    }

    /** This feature if it is well formed, else a 400 naming the feature. */
    public Feature validated(String key) {
        String where = "feature '" + key + "': ";
        if (type == null) {
            throw ApiException.invalid("invalid_feature", where + "type is boolean, limit, quota or value");
        }
        switch (type) {
            case BOOLEAN -> {
                if (enabled == null || limit != null || period != null || value != null) {
                    throw ApiException.invalid("invalid_feature", where + "a boolean feature has only enabled: true|false");
                }
            }
            case LIMIT -> {
                checkLimit(where);
                if (enabled != null || period != null || value != null) {
                    throw ApiException.invalid("invalid_feature", where + "a limit has only limit (null for unlimited)");
                }
            }
            case QUOTA -> {
                checkLimit(where);
                if (!"day".equals(period) && !"month".equals(period)) {
                    throw ApiException.invalid("invalid_feature", where + "a quota's period is day or month");
                }
                if (enabled != null || value != null) {
                    throw ApiException.invalid("invalid_feature", where + "a quota has only limit and period");
                }
            }
            case VALUE -> {
                if (value == null || value.isBlank() || value.length() > 200 || enabled != null || limit != null
                        || period != null) {
                    throw ApiException.invalid("invalid_feature", where + "a value feature has only value (1-200 characters)");
                }
            }
            default -> throw ApiException.invalid("invalid_feature", where + "type is boolean, limit, quota or value, not '"
                    + type + "'");
        }
        if (overage != null) {
            checkOverage(where);
        }
        return this;
    }

    private void checkLimit(String where) {
        if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
            throw ApiException.invalid("invalid_feature", where + "limit must be 0 to " + MAX_LIMIT + ", or null for unlimited");
        }
    }

    private void checkOverage(String where) {
        if (!QUOTA.equals(type) || limit == null) {
            throw ApiException.invalid("invalid_feature", where + "only a quota with a limit can have an overage price");
        }
        if (overage.prices() == null || overage.prices().isEmpty() || overage.prices().size() > 50) {
            throw ApiException.invalid("invalid_feature", where + "overage.prices maps 1 to 50 currencies to minor units");
        }
        overage.prices().forEach((currency, price) -> {
            if (currency == null || !currency.matches("[A-Z]{3}") || price == null || price < 0 || price > 1_000_000_00L) {
                throw ApiException.invalid("invalid_feature", where + "overage.prices maps upper-case ISO 4217 codes to 0 to "
                        + 1_000_000_00L + " minor units");
            }
        });
        if (overage.per() != null && (overage.per() < 1 || overage.per() > 1_000_000)) {
            throw ApiException.invalid("invalid_feature", where + "overage.per is 1 to 1000000 units");
        }
    }

    /** The start of the quota period that contains {@code at}. */
    public Instant periodStart(Instant at) {
        var day = at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return ("month".equals(period) ? day.withDayOfMonth(1) : day).toInstant();
    }

    /** The end (exclusive) of the quota period that contains {@code at}: when the quota resets. */
    public Instant periodEnd(Instant at) {
        var start = periodStart(at).atOffset(ZoneOffset.UTC);
        return ("month".equals(period) ? start.plusMonths(1) : start.plusDays(1)).toInstant();
    }

    /** Whether this grants more than {@code other} of the same feature (unlimited is the most). */
    boolean grantsMoreThan(Feature other) {
        if (other == null) {
            return true;
        }
        return switch (type) {
            case BOOLEAN -> Boolean.TRUE.equals(enabled) && !Boolean.TRUE.equals(other.enabled);
            case LIMIT, QUOTA -> other.limit != null && (limit == null || limit > other.limit);
            default -> false;
        };
    }
}
