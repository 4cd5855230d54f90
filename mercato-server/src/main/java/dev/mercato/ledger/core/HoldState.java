package dev.mercato.ledger.core;

import dev.mercato.ledger.Hold;

/** A hold as the engine sees it: the public record plus the balance stripes its pending amounts sit on. */
public record HoldState(Hold hold, int debitStripe, int creditStripe) {

    public HoldState with(Hold changed) {
        return new HoldState(changed, debitStripe, creditStripe);
    }
}
