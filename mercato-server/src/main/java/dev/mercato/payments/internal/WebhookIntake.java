package dev.mercato.payments.internal;

import dev.mercato.payments.PaymentProcessor;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.payments.ProcessorEvent;
import dev.mercato.payments.ProcessorEventReceived;
import dev.mercato.payments.WebhookDelivery;
import dev.mercato.platform.AuditLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes in a processor webhook: the adapter verifies and reads it, then the event is stored once
 * and {@link ProcessorEventReceived} is published in the same transaction (the event publication
 * registry makes that the outbox). A replayed delivery is answered as received and changes nothing.
 */
@Service
public class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    /** What happened to one delivery. */
    public record Receipt(ProcessorEvent event, boolean duplicate) {
    }

    private final PaymentProcessors processors;
    private final ProcessorEvents stored;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;

    WebhookIntake(PaymentProcessors processors, ProcessorEvents stored, ApplicationEventPublisher events, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.processors = processors;
        this.stored = stored;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @throws dev.mercato.payments.PaymentException 404 {@code unknown_adapter}, 400
     *         {@code invalid_signature}, {@code stale_webhook} or {@code malformed_webhook}; nothing stored
     */
    @Transactional
    public Receipt receive(String adapter, WebhookDelivery delivery) {
        PaymentProcessor processor = processors.get(adapter);
        ProcessorEvent event = processor.parseWebhook(delivery);
        if (!stored.insert(adapter, event, delivery.body(), clock.instant())) {
            log.debug("{} webhook {} was already received; ignoring the replay", adapter, event.id());
            return new Receipt(event, true);
        }
        audit.changed("processor_event", event.id(), null, auditState(adapter, event));
        events.publishEvent(new ProcessorEventReceived(adapter, event));
        return new Receipt(event, false);
    }

    /** What the processor reported, as the audit trail keeps it. */
    private static Map<String, Object> auditState(String adapter, ProcessorEvent event) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("adapter", adapter);
        state.put("type", event.type().code());
        state.put("object_id", event.objectId());
        state.put("payment_id", event.paymentId());
        state.put("amount", event.amount());
        state.put("currency", event.currency());
        state.put("failure_code", event.failureCode());
        return state;
    }
}
