package dev.mercato.ledger.core;

import dev.mercato.ledger.CaptureRequest;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.HoldRequest;
import dev.mercato.ledger.ReversalRequest;
import dev.mercato.ledger.TransactionId;
import dev.mercato.ledger.TransactionRequest;

/** A unit of work for the ledger engine; a batch is a list of them applied in order. */
public sealed interface Command {

    /** The client's idempotency key; null only for system commands (expiry). */
    String idempotencyKey();

    String name();

    record Post(TransactionRequest request) implements Command {
        public String idempotencyKey() {
            return request.idempotencyKey();
        }

        public String name() {
            return "post";
        }
    }

    record PlaceHold(HoldRequest request) implements Command {
        public String idempotencyKey() {
            return request.idempotencyKey();
        }

        public String name() {
            return "hold";
        }
    }

    record Capture(HoldId hold, CaptureRequest request) implements Command {
        public String idempotencyKey() {
            return request.idempotencyKey();
        }

        public String name() {
            return "capture";
        }
    }

    record Void(HoldId hold, String idempotencyKey) implements Command {
        public String name() {
            return "void";
        }
    }

    record Reverse(TransactionId original, ReversalRequest request) implements Command {
        public String idempotencyKey() {
            return request.idempotencyKey();
        }

        public String name() {
            return "reverse";
        }
    }

    record Expire(HoldId hold) implements Command {
        public String idempotencyKey() {
            return null;
        }

        public String name() {
            return "expire";
        }
    }
}
