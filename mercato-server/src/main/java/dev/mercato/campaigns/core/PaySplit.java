package dev.mercato.campaigns.core;

/**
 * How one slot's money divides. The buyer funds {@code slotCost} per slot: the reward plus the
 * platform's funding fee. An accepted response pays the reward less the protocol fee and the
 * processor fee to the responder; the protocol fee and the funding fee go to platform revenue and
 * the processor fee to the processor-fees account. Fees are basis points rounded half up, and the
 * parts always sum to the slot cost.
 */
public record PaySplit(long reward, long fundingFee, long protocolFee, long processorFee, long earned) {

    public PaySplit {
        if (reward <= 0 || fundingFee < 0 || protocolFee < 0 || processorFee < 0 || earned < 0
                || earned + protocolFee + processorFee != reward) {
            throw new IllegalArgumentException("a pay split's parts must be non-negative and sum to the reward");
        }
    }

    /**
     * The split of {@code reward} with the protocol and processor fees in basis points (700 = 7%);
     * {@code fundingFee} is what the buyer paid on top of the reward for the slot.
     */
    public static PaySplit of(long reward, long fundingFee, int protocolFeeBasisPoints, int processorFeeBasisPoints) {
        if (reward <= 0) {
            throw new IllegalArgumentException("the reward must be positive");
        }
        long protocol = basisPoints(reward, protocolFeeBasisPoints);
        long processor = basisPoints(reward, processorFeeBasisPoints);
        return new PaySplit(reward, fundingFee, protocol, processor, reward - protocol - processor);
    }

    /** What the buyer pays into escrow per slot. */
    public long slotCost() {
        return reward + fundingFee;
    }

    /** What platform revenue receives when a slot is paid. */
    public long revenue() {
        return protocolFee + fundingFee;
    }

    /** {@code amount × bp / 10,000}, rounded half up. */
    public static long basisPoints(long amount, int basisPoints) {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("basis points are 0 to 10,000, not " + basisPoints);
        }
        return Math.addExact(Math.multiplyExact(amount, basisPoints), 5_000) / 10_000;
    }
}
