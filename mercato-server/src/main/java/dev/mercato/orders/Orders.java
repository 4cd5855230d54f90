package dev.mercato.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Orders {

    private final JdbcClient jdbc;

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The order and its lines in one statement. */
    void insert(Order o) {
        List<OrderLine> lines = o.lines();
        int n = lines.size();
        int[] numbers = new int[n];
        int[] versions = new int[n];
        long[] prices = new long[n];
        long[] commissions = new long[n];
        String[] listings = new String[n];
        String[] sellers = new String[n];
        String[] kinds = new String[n];
        String[] categories = new String[n];
        String[] titles = new String[n];
        String[] rules = new String[n];
        for (int i = 0; i < n; i++) {
            OrderLine l = lines.get(i);
            numbers[i] = l.line();
            versions[i] = l.listingVersion();
            prices[i] = l.price();
            commissions[i] = l.commission();
            listings[i] = l.listingId();
            sellers[i] = l.sellerId();
            kinds[i] = l.kind();
            categories[i] = l.categoryId();
            titles[i] = l.title();
            rules[i] = l.commissionRule();
        }
        jdbc.sql("""
                WITH o AS (
                    INSERT INTO orders (id, buyer_id, status, payment_step, currency, total, created_at, updated_at)
                    VALUES (:id, :buyer, :status, 'none', :currency, :total, :at, :at))
                INSERT INTO order_lines (order_id, line, listing_id, listing_version, seller_id, kind, category_id, title,
                                         price, commission, commission_rule)
                SELECT :id, line, listing, version, seller, kind, category, title, price, commission, rule
                FROM unnest(CAST(:lines AS int[]), CAST(:listings AS text[]), CAST(:versions AS int[]),
                            CAST(:sellers AS text[]), CAST(:kinds AS text[]), CAST(:categories AS text[]),
                            CAST(:titles AS text[]), CAST(:prices AS bigint[]), CAST(:commissions AS bigint[]),
                            CAST(:rules AS text[]))
                  AS l(line, listing, version, seller, kind, category, title, price, commission, rule)""")
                .param("id", o.id()).param("buyer", o.buyerId()).param("status", o.status().code())
                .param("currency", o.currency()).param("total", o.total()).param("at", Timestamp.from(o.createdAt()))
                .param("lines", numbers).param("listings", listings).param("versions", versions)
                .param("sellers", sellers).param("kinds", kinds).param("categories", categories).param("titles", titles)
                .param("prices", prices).param("commissions", commissions).param("rules", rules)
                .update();
    }

    /** The order and its lines in one round trip. */
    Optional<Order> find(String id) {
        List<Order> rows = new ArrayList<>();
        List<OrderLine> lines = new ArrayList<>();
        jdbc.sql("""
                SELECT o.*, l.line, l.listing_id, l.listing_version, l.seller_id, l.kind, l.category_id, l.title, l.price,
                       l.commission, l.commission_rule, l.seller_earnings, l.platform_revenue,
                       l.processor_fee AS line_processor_fee, l.refunded
                FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
                WHERE o.id = :id ORDER BY l.line""").param("id", id)
                .query(rs -> {
                    if (rows.isEmpty()) {
                        rows.add(map(rs, lines));
                    }
                    if (rs.getObject("line") != null) {
                        lines.add(line(rs, "line_processor_fee"));
                    }
                });
        return rows.stream().findFirst().map(o -> o.withLines(lines));
    }

    List<Order> ofBuyer(String buyerId, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT id FROM orders WHERE buyer_id = :buyer AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("buyer", buyerId).param("after", startingAfter).param("limit", limit)
                .query(String.class).list().stream().map(id -> find(id).orElseThrow()).toList();
    }

    /**
     * Reads and locks an order: payment steps on one order take turns. Its lines are read once the
     * lock is held, by a statement of their own: a join's lock would wait for the order's row but
     * return the lines as they were before the wait (a refund that just committed unseen).
     */
    Optional<Order> lock(String id) {
        return lock(id, null);
    }

    /**
     * {@link #lock(String)} for a caller who read the order while it awaited payment: an order's
     * lines change only once it is paid (its split, then refunds), so while the locked row still
     * awaits payment they are exactly the lines that caller read, and are not read again.
     */
    Optional<Order> lock(String id, Order readWhilePending) {
        return jdbc.sql("SELECT * FROM orders WHERE id = :id FOR UPDATE").param("id", id)
                .query((rs, n) -> map(rs, List.of())).optional()
                .map(locked -> locked.withLines(stillPending(locked, readWhilePending) ? readWhilePending.lines()
                        : jdbc.sql("SELECT * FROM order_lines WHERE order_id = :id ORDER BY line")
                                .param("id", id).query((rs, n) -> line(rs, "processor_fee")).list()));
    }

    /** Whether {@code read} is this order, read while it awaited payment, and the locked row still awaits it. */
    private static boolean stillPending(Order locked, Order read) {
        return read != null && read.id().equals(locked.id()) && read.status() == OrderStatus.PENDING_PAYMENT
                && locked.status() == OrderStatus.PENDING_PAYMENT;
    }

    /**
     * Claims an order awaiting payment for one payment attempt, before the processor is asked: only
     * when no other attempt holds it (none yet, the last one failed, or this one retried). The
     * update takes the order's row lock, so two claims take turns and the second sees the first.
     *
     * @return false when another attempt holds the order, or it no longer awaits payment
     */
    boolean claim(String id, String paymentId, Instant at) {
        return jdbc.sql("""
                UPDATE orders SET payment_step = 'authorizing', payment_id = :payment, failure_code = NULL, updated_at = :at
                WHERE id = :id AND status = 'pending_payment'
                  AND (payment_step IN ('none', 'failed') OR payment_id = :payment
                       OR (payment_step = 'authorizing' AND payment_id IS NULL))""")
                .param("id", id).param("payment", paymentId).param("at", Timestamp.from(at))
                .update() == 1;
    }

    /**
     * Releases the claim of a payment attempt that failed: the order awaits another payment method.
     *
     * @return false when the attempt no longer holds the order (another holds it, or it was paid)
     */
    boolean paymentFailed(String id, String paymentId, String failureCode, Instant at) {
        return jdbc.sql("""
                UPDATE orders SET payment_step = 'failed', failure_code = :failure, updated_at = :at
                WHERE id = :id AND status = 'pending_payment' AND payment_step IN ('none', 'authorizing')
                  AND (payment_id = :payment OR payment_id IS NULL)""")
                .param("id", id).param("payment", paymentId).param("failure", failureCode)
                .param("at", Timestamp.from(at))
                .update() == 1;
    }

    void authorized(String id, String paymentId, String processorPaymentId, String holdId, Instant at) {
        jdbc.sql("""
                UPDATE orders SET payment_step = 'authorized', payment_id = :payment, processor_payment_id = :pid,
                       hold_id = :hold, failure_code = NULL, updated_at = :at
                WHERE id = :id""")
                .param("id", id).param("payment", paymentId).param("pid", processorPaymentId).param("hold", holdId)
                .param("at", Timestamp.from(at))
                .update();
    }

    Optional<String> byProcessorPayment(String processorPaymentId) {
        return jdbc.sql("SELECT id FROM orders WHERE processor_payment_id = :pid").param("pid", processorPaymentId)
                .query(String.class).optional();
    }

    /** Marks the order paid; {@code processorPaymentId} is kept when null (the authorization recorded it). */
    void markPaid(String id, long processorFee, String processorPaymentId, Instant at) {
        jdbc.sql("""
                UPDATE orders SET status = 'paid', payment_step = 'captured', processor_fee = :fee, paid_at = :at,
                       processor_payment_id = coalesce(:pid, processor_payment_id), updated_at = :at WHERE id = :id""")
                .param("id", id).param("fee", processorFee).param("pid", processorPaymentId).param("at", Timestamp.from(at))
                .update();
    }

    void status(String id, OrderStatus status, Instant at) {
        jdbc.sql("UPDATE orders SET status = :status, updated_at = :at WHERE id = :id")
                .param("id", id).param("status", status.code()).param("at", Timestamp.from(at)).update();
    }

    void recordSplit(String orderId, int line, long sellerEarnings, long platformRevenue, long processorFee) {
        jdbc.sql("""
                UPDATE order_lines SET seller_earnings = :seller, platform_revenue = :platform, processor_fee = :fee
                WHERE order_id = :order AND line = :line""")
                .param("order", orderId).param("line", line).param("seller", sellerEarnings)
                .param("platform", platformRevenue).param("fee", processorFee).update();
    }

    private static OrderLine line(ResultSet rs, String processorFee) throws SQLException {
        return new OrderLine(rs.getInt("line"), rs.getString("listing_id"), rs.getInt("listing_version"),
                rs.getString("seller_id"), rs.getString("kind"), rs.getString("category_id"), rs.getString("title"),
                rs.getLong("price"), rs.getLong("commission"), rs.getString("commission_rule"),
                (Long) rs.getObject("seller_earnings"), (Long) rs.getObject("platform_revenue"),
                (Long) rs.getObject(processorFee), rs.getLong("refunded"));
    }

    private static Order map(ResultSet rs, List<OrderLine> lines) throws SQLException {
        Timestamp paid = rs.getTimestamp("paid_at");
        return new Order(rs.getString("id"), rs.getString("buyer_id"), OrderStatus.of(rs.getString("status")),
                rs.getString("payment_step"), rs.getString("currency"), rs.getLong("total"), lines,
                rs.getString("payment_id"), rs.getString("hold_id"), (Long) rs.getObject("processor_fee"),
                rs.getString("failure_code"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), paid == null ? null : paid.toInstant());
    }
}
