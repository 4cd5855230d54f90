package dev.mercato.credits;

import dev.mercato.platform.ApiException;
import java.util.Map;

/**
 * A draw asked for more unexpired credit than the wallet holds: 422 {@code insufficient_credits}
 * with {@code requested} and {@code available}. Thrown before anything is written, so a caller
 * drawing inside its own transaction may catch it and carry on: it does not mark that
 * transaction for rollback.
 */
public class InsufficientCreditsException extends ApiException {

    private final long requested;
    private final long available;

    public InsufficientCreditsException(long requested, long available) {
        super(422, "insufficient_credits", "the wallet holds " + available + " unexpired credits; " + requested
                + " were requested", Map.of("requested", requested, "available", available));
        this.requested = requested;
        this.available = available;
    }

    public long requested() {
        return requested;
    }

    public long available() {
        return available;
    }
}
