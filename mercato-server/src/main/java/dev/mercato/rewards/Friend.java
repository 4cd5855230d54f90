package dev.mercato.rewards;

import java.time.Instant;

/**
 * Another user as the caller sees them: {@code friends} (both asked), {@code requested} (the caller
 * asked, the other has not yet) or {@code incoming} (the other asked the caller).
 */
public record Friend(String userId, String status, Instant since) {
}
