package dev.mercato.payments.web;

import dev.mercato.payments.WebhookDelivery;
import dev.mercato.payments.internal.WebhookIntake;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where processors deliver webhooks. Public: processors hold no Mercato API key; a delivery is
 * authentic when its signature verifies. The body is taken as raw bytes, since the signature
 * covers them exactly.
 */
@RestController
class ProcessorWebhookController {

    private final WebhookIntake intake;

    ProcessorWebhookController(WebhookIntake intake) {
        this.intake = intake;
    }

    record ReceiptView(boolean received, boolean duplicate, String eventId, String type) {
    }

    @PostMapping("/v1/processor-webhooks/{adapter}")
    ReceiptView receive(@PathVariable String adapter, @RequestHeader HttpHeaders headers,
            @RequestBody(required = false) byte[] body) {
        Map<String, String> firstValues = new LinkedHashMap<>();
        headers.forEach((name, values) -> firstValues.put(name, String.join(",", values)));
        WebhookIntake.Receipt receipt = intake.receive(adapter, new WebhookDelivery(body, firstValues));
        return new ReceiptView(true, receipt.duplicate(), receipt.event().id(), receipt.event().type().code());
    }
}
