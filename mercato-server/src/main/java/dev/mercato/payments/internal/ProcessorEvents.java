package dev.mercato.payments.internal;

import dev.mercato.payments.ProcessorEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code processor_events} table: every verified webhook, once per adapter and event id. */
@Repository
class ProcessorEvents {

    private final JdbcClient jdbc;

    ProcessorEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the event; false when it was stored before (a replayed or retried delivery). */
    boolean insert(String adapter, ProcessorEvent event, byte[] payload, Instant receivedAt) {
        return jdbc.sql("""
                INSERT INTO processor_events (adapter, event_id, type, source_type, object_id, payment_id, account_id,
                    amount, fee, currency, created_at, received_at, payload)
                VALUES (:adapter, :id, :type, :sourceType, :objectId, :paymentId, :accountId, :amount, :fee, :currency,
                    :createdAt, :receivedAt, :payload)
                ON CONFLICT (adapter, event_id) DO NOTHING""")
                .paramSource(new MapSqlParameterSource()
                        .addValue("adapter", adapter).addValue("id", event.id()).addValue("type", event.type().code())
                        .addValue("sourceType", event.sourceType()).addValue("objectId", event.objectId())
                        .addValue("paymentId", event.paymentId()).addValue("accountId", event.accountId())
                        .addValue("amount", event.amount()).addValue("fee", event.fee())
                        .addValue("currency", event.currency())
                        .addValue("createdAt", Timestamp.from(event.createdAt()))
                        .addValue("receivedAt", Timestamp.from(receivedAt))
                        .addValue("payload", new String(payload, StandardCharsets.UTF_8)))
                .update() == 1;
    }
}
