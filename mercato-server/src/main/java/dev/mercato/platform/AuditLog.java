package dev.mercato.platform;

import java.util.function.Supplier;

/**
 * Lets a module record what a request changed inside the database transaction that changes it,
 * with the resource's state before and after (ADR 0015). The event then commits with the change
 * — no second commit for the request to wait for — and carries a real before/after instead of
 * the request and response the audit filter sees. Requests whose modules record nothing are still
 * audited by the filter after they commit.
 *
 * <p>Outside a state-changing API request (jobs, event listeners) these calls do nothing.
 */
public interface AuditLog {

    /**
     * Records that the current request changed a resource. Inside a transaction the event is
     * written just before it commits (one event per request and transaction, listing every change
     * recorded in it); outside one, the filter writes it after the request with these changes.
     *
     * @param before the resource's relevant state before the change, null when it was created
     * @param after  its state after, null when it was removed; both are turned into JSON, bounded
     *               and stripped of secrets like every audit summary
     */
    default void changed(String resourceType, String resourceId, Object before, Object after) {
        capture().changed(resourceType, resourceId, before, after);
    }

    /**
     * Makes a change to one resource and records its state before and after it, both read with
     * {@code state} (which answers null while the resource does not exist): the one shape for
     * updates, deletions and toggles whose module has no before at hand. Call it inside the
     * transaction that makes the change.
     *
     * @return what {@code change} returned
     */
    default <T> T changing(String resourceType, String resourceId, Supplier<?> state, Supplier<T> change) {
        Object before = state.get();
        T result = change.get();
        changed(resourceType, resourceId, before, state.get());
        return result;
    }

    /**
     * The current request's audit context, for work another thread does on its behalf (a group
     * committer): call {@link Capture#changed} there, inside that thread's transaction.
     */
    Capture capture();

    /** A request's audit context, usable from any thread. */
    interface Capture {

        /** Outside any request: recording does nothing. */
        Capture NONE = (type, id, before, after) -> {
        };

        void changed(String resourceType, String resourceId, Object before, Object after);
    }
}
