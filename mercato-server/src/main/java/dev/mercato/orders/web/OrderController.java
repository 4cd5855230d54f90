package dev.mercato.orders.web;

import dev.mercato.orders.Checkout;
import dev.mercato.orders.Order;
import dev.mercato.orders.OrderLine;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Checkout over HTTP: a cart becomes an order, then the buyer pays it. */
@RestController
class OrderController {

    private final Checkout checkout;

    OrderController(Checkout checkout) {
        this.checkout = checkout;
    }

    /** An item names a listing; {@code price} and {@code amount} exist only to refuse them clearly. */
    record Item(String listingId, Object price, Object amount) {
    }

    record CreateOrder(List<Item> items) {
    }

    record PayOrder(String paymentMethod) {
    }

    record LineView(int line, String listingId, int listingVersion, String sellerId, String kind, String title, long price,
            long commission, String commissionRule, Long sellerEarnings, Long platformRevenue, Long processorFee,
            long refunded) {
        static LineView of(OrderLine l) {
            return new LineView(l.line(), l.listingId(), l.listingVersion(), l.sellerId(), l.kind(), l.title(), l.price(),
                    l.commission(), l.commissionRule(), l.sellerEarnings(), l.platformRevenue(), l.processorFee(),
                    l.refunded());
        }
    }

    record OrderView(String id, String object, String buyerId, String status, String paymentStep, String currency,
            long total, List<LineView> lines, String paymentId, Long processorFee, String failureCode, Instant createdAt,
            Instant paidAt) {
        static OrderView of(Order o) {
            return new OrderView(o.id(), "order", o.buyerId(), o.status().code(), o.paymentStep(), o.currency(), o.total(),
                    o.lines().stream().map(LineView::of).toList(), o.paymentId(), o.processorFee(), o.failureCode(),
                    o.createdAt(), o.paidAt());
        }
    }

    @PostMapping("/v1/orders")
    @ResponseStatus(HttpStatus.CREATED)
    OrderView create(Caller caller, @RequestBody CreateOrder body) {
        List<Item> items = body.items() == null ? List.of() : body.items();
        for (Item item : items) {
            if (item != null && (item.price() != null || item.amount() != null)) {
                throw ApiException.invalid("client_price_refused",
                        "prices come from the published listing; send only listing_id for each item");
            }
        }
        return OrderView.of(checkout.create(caller.userId(),
                items.stream().map(item -> item == null ? null : item.listingId()).toList()));
    }

    @PostMapping("/v1/orders/{id}/pay")
    OrderView pay(Caller caller, @PathVariable String id, @RequestBody(required = false) PayOrder body) {
        return OrderView.of(checkout.pay(id, caller, body == null ? null : body.paymentMethod()));
    }

    /** The caller's orders, newest first (an admin may name a buyer). */
    @GetMapping("/v1/orders")
    Page<OrderView> history(Caller caller, @RequestParam(name = "buyer_id", required = false) String buyerId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        String buyer = buyerId == null ? caller.userId() : buyerId;
        if (!caller.mayAccess(buyer)) {
            return new Page<>(List.of(), false);
        }
        int size = Page.limit(limit);
        return Page.fromOverfetch(checkout.history(buyer, startingAfter, size + 1), size).map(OrderView::of);
    }

    @GetMapping("/v1/orders/{id}")
    OrderView get(Caller caller, @PathVariable String id) {
        return checkout.find(id, caller).map(OrderView::of)
                .orElseThrow(() -> ApiException.notFound("order_not_found", "no order " + id));
    }
}
