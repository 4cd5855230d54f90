package dev.mercato.platform.audit;

import dev.mercato.platform.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Writes audit events inside the business transaction (ADR 0015): changes recorded in a
 * transaction are collected per request and inserted, one event per request, just before it
 * commits; once it has committed the request is marked recorded, so the filter writes nothing
 * more. A rolled-back transaction takes its events with it.
 */
@Component
class TransactionalAuditLog implements AuditLog {

    private final AuditTrail trail;
    private final AuditEvents events;

    TransactionalAuditLog(AuditTrail trail, AuditEvents events) {
        this.trail = trail;
        this.events = events;
    }

    @Override
    public Capture capture() {
        RequestAudit audit = RequestAudit.current();
        if (audit == null || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return Capture.NONE;
        }
        HttpServletRequest request = attributes.getRequest();
        ContentCachingRequestWrapper cached = WebUtils.getNativeRequest(request, ContentCachingRequestWrapper.class);
        RequestCapture captured = trail.captureOf(request, declaredStatus(request),
                cached == null ? null : cached.getContentAsByteArray());
        return (type, id, before, after) -> record(captured,
                new AuditChange(type, id, trail.stateOf(before), trail.stateOf(after)));
    }

    private void record(RequestCapture request, AuditChange change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            request.audit().addUntransacted(change);
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.changes.computeIfAbsent(request, r -> new ArrayList<>()).add(change);
    }

    /** The status a handler answers with when it returns normally: its {@code @ResponseStatus}, else 200. */
    private static int declaredStatus(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler) {
            ResponseStatus declared = handler.getMethodAnnotation(ResponseStatus.class);
            if (declared != null) {
                return declared.code().value();
            }
        }
        return 200;
    }

    /** The events one transaction will write, by request. */
    private final class Pending implements TransactionSynchronization {

        private final Map<RequestCapture, List<AuditChange>> changes = new LinkedHashMap<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            List<AuditEvent> toStore = new ArrayList<>(changes.size());
            changes.forEach((request, list) -> toStore.add(trail.eventOf(request, null, list)));
            events.insert(toStore);
            toStore.forEach(AuditTrail::logStored);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(TransactionalAuditLog.this);
            if (status == STATUS_COMMITTED) {
                changes.keySet().forEach(request -> request.audit().markRecorded());
            }
        }
    }
}
