package dev.mercato.catalog;

import dev.mercato.platform.ApiException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a listing must look like: the shape of every field (checked on each change), and what
 * each kind needs before it can be published (checked on publish and on every change to a
 * published listing).
 */
final class ListingRules {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 20_000;
    static final int MAX_TAGS = 20;
    static final int MAX_MEDIA = 20;
    static final Set<String> COURSE_LEVELS = Set.of("beginner", "intermediate", "advanced");

    private ListingRules() {
    }

    /** Checks the fields a seller sent; throws a 400 naming the first bad field. */
    static void checkShape(ListingDraft d) {
        if (d.title() != null && (d.title().isBlank() || d.title().length() > MAX_TITLE)) {
            throw ApiException.invalid("invalid_title", "title must be 1 to " + MAX_TITLE + " characters");
        }
        if (d.description() != null && d.description().length() > MAX_DESCRIPTION) {
            throw ApiException.invalid("invalid_description", "description is longer than " + MAX_DESCRIPTION + " characters");
        }
        if (d.priceAmount() != null && d.priceAmount() < 0) {
            throw ApiException.invalid("invalid_price", "price.amount must be 0 (free) or a positive amount in minor units");
        }
        if (d.priceCurrency() != null && !isoCurrency(d.priceCurrency())) {
            throw ApiException.invalid("invalid_currency", "price.currency must be an ISO 4217 code such as USD");
        }
        if (d.tags() != null) {
            if (d.tags().size() > MAX_TAGS) {
                throw ApiException.invalid("invalid_tags", "at most " + MAX_TAGS + " tags");
            }
            for (String tag : d.tags()) {
                if (tag == null || tag.isBlank() || tag.length() > 40) {
                    throw ApiException.invalid("invalid_tags", "tags are 1 to 40 characters");
                }
            }
        }
        if (d.mediaUrls() != null) {
            if (d.mediaUrls().size() > MAX_MEDIA) {
                throw ApiException.invalid("invalid_media_urls", "at most " + MAX_MEDIA + " media URLs");
            }
            for (String url : d.mediaUrls()) {
                if (url == null || url.length() > 2_000 || !(url.startsWith("https://") || url.startsWith("http://"))) {
                    throw ApiException.invalid("invalid_media_urls", "media URLs are http(s) URLs up to 2000 characters");
                }
            }
        }
    }

    /** Everything that keeps the listing from being offered, in words a seller can act on; empty when publishable. */
    static List<String> publishingProblems(Listing l, Category category, boolean payoutReady) {
        List<String> problems = new ArrayList<>();
        if (l.description() == null || l.description().isBlank()) {
            problems.add("a description is required");
        }
        if (l.categoryId() == null) {
            problems.add("a category is required");
        } else if (category == null || !category.active()) {
            problems.add("the category is not active");
        }
        Map<String, Object> a = l.attributes();
        switch (l.kind()) {
            case COURSE -> {
                if (!COURSE_LEVELS.contains(String.valueOf(a.get("level")))) {
                    problems.add("a course needs attributes.level: beginner, intermediate or advanced");
                }
                if (!(a.get("language") instanceof String language) || language.isBlank()) {
                    problems.add("a course needs attributes.language");
                }
            }
            case DIGITAL_PRODUCT -> {
                if (l.files().isEmpty()) {
                    problems.add("a digital product needs at least one file");
                }
            }
            case SERVICE -> {
                if (!(a.get("delivery_days") instanceof Number days) || days.longValue() < 1 || days.doubleValue() % 1 != 0) {
                    problems.add("a service needs attributes.delivery_days, a whole number of days of at least 1");
                }
            }
            case CUSTOM -> {
            }
        }
        if (!l.free() && !payoutReady) {
            problems.add("the seller needs a ready payout account to sell at a price");
        }
        return problems;
    }

    static boolean isoCurrency(String code) {
        try {
            return code.length() == 3 && Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
