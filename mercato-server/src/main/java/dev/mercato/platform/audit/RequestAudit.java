package dev.mercato.platform.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit state of one state-changing request, bound to its thread by {@link AuditFilter} while
 * the handler runs: whether a module already wrote its event inside a business transaction, and
 * the changes modules reported outside any transaction (the filter writes those).
 */
final class RequestAudit {

    private static final ThreadLocal<RequestAudit> CURRENT = new ThreadLocal<>();

    private volatile boolean recorded;
    private final List<AuditChange> untransacted = new ArrayList<>();

    static RequestAudit current() {
        return CURRENT.get();
    }

    static RequestAudit bind() {
        RequestAudit audit = new RequestAudit();
        CURRENT.set(audit);
        return audit;
    }

    static void unbind() {
        CURRENT.remove();
    }

    /** An event for this request committed with a business transaction (possibly on another thread). */
    void markRecorded() {
        recorded = true;
    }

    boolean recorded() {
        return recorded;
    }

    synchronized void addUntransacted(AuditChange change) {
        untransacted.add(change);
    }

    synchronized List<AuditChange> untransacted() {
        return List.copyOf(untransacted);
    }
}
