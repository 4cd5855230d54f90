package dev.mercato.rewards;

import dev.mercato.platform.ApiException;

/** What makes a catalog item valid, checked before it is stored (the table's constraints agree). */
final class ItemChecks {

    private ItemChecks() {
    }

    static void check(CatalogItem i) {
        if (i.id() == null || !i.id().matches("[a-z][a-z0-9_]{1,63}")) {
            throw ApiException.invalid("invalid_item_id", "an item id is 2 to 64 lower-case letters, digits or _");
        }
        if (i.description() == null || i.description().isBlank() || i.description().length() > 500) {
            throw ApiException.invalid("invalid_description", "an item needs a description of at most 500 characters");
        }
        if (i.price() <= 0) {
            throw ApiException.invalid("invalid_price", "an item's price is a positive number of tokens");
        }
        if (!"burn".equals(i.disposal()) && !"treasury".equals(i.disposal())) {
            throw ApiException.invalid("invalid_disposal", "disposal is burn or treasury");
        }
        if (i.duration() != null && (i.duration().isNegative() || i.duration().isZero())) {
            throw ApiException.invalid("invalid_duration", "duration_seconds is positive, or absent for good");
        }
    }
}
