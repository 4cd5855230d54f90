package dev.mercato.platform;

/**
 * Who is making the current request, as established by API-key authentication.
 *
 * @param userId   the user whose resources the request may read and change; for an admin acting
 *                 on behalf of a user this is that user
 * @param admin    true for a platform admin acting as itself
 * @param actorId  the user who owns the API key (differs from {@code userId} when acting on behalf)
 * @param apiKeyId the key used
 * @param role     the role of {@code userId} ({@code user}, {@code admin}); for an admin acting on
 *                 behalf of a user it is that user's role, so what is shown to the user (feature
 *                 flags) is decided as for the user
 */
public record Caller(String userId, boolean admin, String actorId, String apiKeyId, String role) {

    public static final String REQUEST_ATTRIBUTE = "mercato.caller";

    public void requireAdmin() {
        if (!admin) {
            throw ApiException.forbidden("this endpoint needs a platform admin key");
        }
    }

    /** True when the caller may see a resource owned by {@code ownerId}. */
    public boolean mayAccess(String ownerId) {
        return admin || userId.equals(ownerId);
    }

    public boolean actingOnBehalf() {
        return !userId.equals(actorId);
    }
}
