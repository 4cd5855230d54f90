package dev.mercato.orders;

import dev.mercato.platform.ApiException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What each buyer owns of the one-per-buyer listings, and what an order paying right now has reserved. */
@Repository
class Purchases {

    private final JdbcClient jdbc;

    Purchases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean owns(String buyerId, String listingId) {
        return jdbc.sql("SELECT count(*) FROM purchases WHERE buyer_id = :buyer AND listing_id = :listing AND state = 'owned'")
                .param("buyer", buyerId).param("listing", listingId).query(Long.class).single() > 0;
    }

    /**
     * Reserves a listing for the order; refuses with 409 when the buyer already owns it or another
     * of its orders is paying for it.
     */
    void reserve(String buyerId, String listingId, String orderId, Instant at) {
        jdbc.sql("""
                INSERT INTO purchases (buyer_id, listing_id, order_id, state, created_at)
                VALUES (:buyer, :listing, :order, 'reserved', :at) ON CONFLICT DO NOTHING""")
                .param("buyer", buyerId).param("listing", listingId).param("order", orderId)
                .param("at", Timestamp.from(at)).update();
        record Holder(String orderId, String state) {
        }
        Optional<Holder> holder = jdbc.sql("SELECT order_id, state FROM purchases WHERE buyer_id = :buyer AND listing_id = :listing")
                .param("buyer", buyerId).param("listing", listingId)
                .query((rs, n) -> new Holder(rs.getString(1), rs.getString(2))).optional();
        if (holder.isPresent() && !holder.get().orderId().equals(orderId)) {
            throw "owned".equals(holder.get().state())
                    ? new ApiException(409, "already_purchased", "the buyer already owns listing " + listingId)
                    : new ApiException(409, "purchase_in_progress", "another order of the buyer is paying for " + listingId);
        }
    }

    void release(String orderId) {
        jdbc.sql("DELETE FROM purchases WHERE order_id = :order AND state = 'reserved'").param("order", orderId).update();
    }

    /** A fully refunded order no longer owns its items; the buyer may buy them again. */
    void revoke(String orderId) {
        jdbc.sql("DELETE FROM purchases WHERE order_id = :order").param("order", orderId).update();
    }

    void own(String orderId) {
        jdbc.sql("UPDATE purchases SET state = 'owned' WHERE order_id = :order").param("order", orderId).update();
    }
}
