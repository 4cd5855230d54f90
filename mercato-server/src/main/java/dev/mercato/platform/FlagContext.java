package dev.mercato.platform;

/**
 * Who a flag is evaluated for. {@code userId} is OpenFeature's targeting key: it picks the user's
 * sticky rollout bucket and matches user-id targeting; {@code role} matches role targeting.
 * Both may be null (an anonymous evaluation gets the environment's default).
 */
public record FlagContext(String userId, String role) {

    public static FlagContext of(Caller caller) {
        return new FlagContext(caller.userId(), caller.role());
    }

    public static FlagContext anonymous() {
        return new FlagContext(null, null);
    }
}
