package dev.mercato.orders.web;

import dev.mercato.orders.Checkout;
import dev.mercato.orders.Downloads;
import dev.mercato.orders.Order;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.io.InputStream;
import java.time.Instant;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Downloads of bought digital products: links for the buyer, and the public endpoint those links point at. */
@RestController
class DownloadController {

    private final Checkout checkout;
    private final Downloads downloads;

    DownloadController(Checkout checkout, Downloads downloads) {
        this.checkout = checkout;
        this.downloads = downloads;
    }

    record DownloadView(String object, String grantId, String listingId, int listingVersion, String fileId, String name,
            String contentType, long sizeBytes, String sha256, int downloadsLeft, Instant expiresAt, String url,
            Instant urlExpiresAt) {
    }

    @GetMapping("/v1/orders/{id}/downloads")
    Page<DownloadView> ofOrder(Caller caller, @PathVariable String id) {
        Order order = checkout.find(id, caller)
                .orElseThrow(() -> ApiException.notFound("order_not_found", "no order " + id));
        return new Page<>(downloads.of(order).stream().map(d -> new DownloadView("download", d.grant().id(),
                d.grant().listingId(), d.grant().listingVersion(), d.file().id(), d.file().name(), d.file().contentType(),
                d.file().sizeBytes(), d.file().sha256(), d.grant().maxDownloads() - d.grant().downloads(),
                d.grant().expiresAt(), "/v1/downloads/" + d.token(), d.tokenExpiresAt())).toList(), false);
    }

    /** Streams the file; the token is the credential, so this needs no API key. */
    @GetMapping("/v1/downloads/{token}")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String token) {
        Downloads.Delivery delivery = downloads.redeem(token);
        StreamingResponseBody body = out -> {
            try (InputStream in = delivery.content()) {
                in.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(delivery.file().contentType()))
                .contentLength(delivery.file().sizeBytes())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(delivery.file().name(), java.nio.charset.StandardCharsets.UTF_8)
                                .build().toString())
                .header("Cache-Control", "no-store")
                .body(body);
    }
}
