package dev.mercato.orders;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Answers other modules' questions about what a buyer has bought (reviews ask before a buyer may review). */
@Service
public class PurchaseRecords {

    private final JdbcClient jdbc;

    PurchaseRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * True when the buyer has a paid order with a line of the listing that was not refunded in full
     * (paid, fulfilled, partially refunded or disputed; a free line counts once its order is paid).
     */
    public boolean hasBought(String buyerId, String listingId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
                               WHERE o.buyer_id = :buyer AND l.listing_id = :listing
                                 AND o.status IN ('paid', 'fulfilled', 'partially_refunded', 'disputed')
                                 AND (l.price = 0 OR l.refunded < l.price))""")
                .param("buyer", buyerId).param("listing", listingId).query(Boolean.class).single();
    }
}
