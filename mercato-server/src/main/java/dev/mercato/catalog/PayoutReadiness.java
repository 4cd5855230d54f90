package dev.mercato.catalog;

/**
 * Whether a seller can be paid. The catalog asks before a priced listing is published; the payouts
 * module answers.
 */
public interface PayoutReadiness {

    boolean isReady(String sellerId);
}
