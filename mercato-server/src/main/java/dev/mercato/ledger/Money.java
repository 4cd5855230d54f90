package dev.mercato.ledger;

/**
 * An amount in minor units of an asset (cents for USD, whole tokens for POT). Arithmetic is exact
 * and fails loudly on overflow; there is no floating point anywhere near money.
 */
public record Money(long minor, String asset) {

    public Money plus(Money other) {
        sameAsset(other);
        return new Money(Math.addExact(minor, other.minor), asset);
    }

    public Money minus(Money other) {
        sameAsset(other);
        return new Money(Math.subtractExact(minor, other.minor), asset);
    }

    /** Splits this amount by the weights; the parts always sum to exactly this amount. */
    public Money[] allocate(long... weights) {
        long[] parts = Allocation.largestRemainder(minor, weights);
        Money[] result = new Money[parts.length];
        for (int i = 0; i < parts.length; i++) {
            result[i] = new Money(parts[i], asset);
        }
        return result;
    }

    private void sameAsset(Money other) {
        if (!asset.equals(other.asset)) {
            throw new LedgerException(LedgerError.ASSET_MISMATCH, "cannot combine " + asset + " with " + other.asset);
        }
    }
}
