package dev.mercato.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what happens asynchronously (after-commit listeners, webhooks): polls a condition for up to ten seconds. */
public final class Eventually {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** True as soon as the condition holds, false if it still does not after the limit. */
    public static boolean holds(BooleanSupplier condition) {
        return holds(LIMIT, condition);
    }

    /** True as soon as the condition holds, false if it still does not after {@code limit} (for tests of how fast). */
    public static boolean holds(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
