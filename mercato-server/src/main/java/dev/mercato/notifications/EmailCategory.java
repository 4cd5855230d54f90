package dev.mercato.notifications;

/**
 * What kind of email a message is, which decides whether its recipient may turn it off.
 * Transactional email (receipts, refunds, payout notices) answers something the user did or is
 * owed and is always sent; sales notices are news a seller may not want; operator email goes to
 * the platform's own inboxes, never to users.
 */
public enum EmailCategory {
    TRANSACTIONAL, SALES, OPERATOR;

    public String code() {
        return name().toLowerCase();
    }

    public static EmailCategory of(String code) {
        return valueOf(code.toUpperCase());
    }

    /** True when a user may opt out of this category. */
    public boolean optional() {
        return this == SALES;
    }
}
