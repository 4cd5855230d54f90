package dev.mercato.catalog;

/** What is for sale; the kind decides the rules for publishing and whether a buyer may buy it twice. */
public enum ListingKind {
    COURSE, DIGITAL_PRODUCT, SERVICE, CUSTOM;

    /** A course or a digital product is bought once per buyer; services and custom items can be bought again. */
    public boolean onePerBuyer() {
        return this == COURSE || this == DIGITAL_PRODUCT;
    }

    public String code() {
        return name().toLowerCase();
    }

    public static ListingKind of(String code) {
        for (ListingKind kind : values()) {
            if (kind.code().equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(code);
    }
}
