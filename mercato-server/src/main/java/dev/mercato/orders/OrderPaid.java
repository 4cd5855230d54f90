package dev.mercato.orders;

import java.time.Instant;
import java.util.List;

/** An order's payment was captured and split; published in the same transaction. */
public record OrderPaid(String orderId, String buyerId, String currency, long total, List<String> listingIds,
        Instant paidAt) {
}
