package dev.mercato.ledger;

/** Identifies a two-phase hold ({@code hold_…}). */
public record HoldId(String value) implements Comparable<HoldId> {

    @Override
    public int compareTo(HoldId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
