package dev.mercato.billing.core;

import static dev.mercato.billing.InvoiceStatus.DRAFT;
import static dev.mercato.billing.InvoiceStatus.OPEN;
import static dev.mercato.billing.InvoiceStatus.PAID;
import static dev.mercato.billing.InvoiceStatus.UNCOLLECTIBLE;
import static dev.mercato.billing.InvoiceStatus.VOID;

import dev.mercato.billing.InvoiceStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The one transition table of invoices: draft → open → paid | void | uncollectible; paid, void and uncollectible are final. */
public final class InvoiceStateMachine {

    private static final Map<InvoiceStatus, Map<InvoiceAction, InvoiceStatus>> TRANSITIONS = new EnumMap<>(InvoiceStatus.class);

    static {
        allow(DRAFT, InvoiceAction.FINALIZE, OPEN);
        allow(DRAFT, InvoiceAction.VOID, VOID);
        allow(OPEN, InvoiceAction.PAY, PAID);
        allow(OPEN, InvoiceAction.VOID, VOID);
        allow(OPEN, InvoiceAction.MARK_UNCOLLECTIBLE, UNCOLLECTIBLE);
    }

    private InvoiceStateMachine() {
    }

    private static void allow(InvoiceStatus from, InvoiceAction action, InvoiceStatus to) {
        TRANSITIONS.computeIfAbsent(from, s -> new EnumMap<>(InvoiceAction.class)).put(action, to);
    }

    public static Optional<InvoiceStatus> target(InvoiceStatus from, InvoiceAction action) {
        return Optional.ofNullable(TRANSITIONS.getOrDefault(from, Map.of()).get(action));
    }

    /** @throws IllegalStateException when {@code action} is not allowed from {@code from} */
    public static InvoiceStatus next(InvoiceStatus from, InvoiceAction action) {
        return target(from, action).orElseThrow(() -> new IllegalStateException("a " + from.code() + " invoice cannot "
                + action.name().toLowerCase().replace('_', ' ')
                + (from == InvoiceStatus.OPEN || from == InvoiceStatus.DRAFT ? "" : "; it is final")));
    }
}
