package dev.mercato.identity;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Broadcasts;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, revokes and checks API keys. Keys are {@code mk_} plus 256 random bits; only their
 * SHA-256 is stored. Successful look-ups are cached for a few seconds so authentication does not
 * cost a query per request; a revocation clears this instance's cache at once and other
 * instances' at once when Redis is configured (a {@link Broadcasts} message), else within
 * {@link #CACHE_TTL}.
 */
@Service
public class ApiKeyManagement {

    public static final String PREFIX = "mk_";
    static final String REVOCATIONS = "mercato:api-key-revoked";
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final int KNOWN_USERS_MAX = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Cached(ApiKeys.Credential credential, Instant fetchedAt) {
    }

    private final ApiKeys keys;
    private final UserManagement users;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Broadcasts broadcasts;
    private final AuditLog audit;
    /**
     * Users are never deleted and keep their role, so one that was found once needs no second
     * look-up as an on-behalf-of user.
     */
    private final Map<String, User.Role> knownUsers = new ConcurrentHashMap<>();

    ApiKeyManagement(ApiKeys keys, UserManagement users, Clock clock, Broadcasts broadcasts, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
        this.users = users;
        this.clock = clock;
        this.broadcasts = broadcasts;
        broadcasts.subscribe(REVOCATIONS, revokedKeyId -> cache.clear());
    }

    @Transactional
    public IssuedApiKey issue(String userId, String name) {
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        return issue(userId, name, secret);
    }

    /** Stores a key whose secret was chosen outside (the bootstrap admin key from the environment). */
    @Transactional
    public IssuedApiKey issue(String userId, String name, String secret) {
        if (!secret.startsWith(PREFIX) || secret.length() < 24) {
            throw ApiException.invalid("invalid_api_key_secret", "an API key starts with mk_ and has at least 24 characters");
        }
        if (users.find(userId).isEmpty()) {
            throw ApiException.notFound("user_not_found", "no user " + userId);
        }
        if (name != null && name.length() > 200) {
            throw ApiException.invalid("invalid_name", "name is longer than 200 characters");
        }
        ApiKey key = new ApiKey(Ids.next("key", clock), userId, name, PREFIX + "…" + secret.substring(secret.length() - 4),
                clock.instant(), null, null);
        keys.insert(key, hash(secret));
        audit.changed("api_key", key.id(), null, key);
        return new IssuedApiKey(key, secret);
    }

    public List<ApiKey> keysOf(String userId) {
        return keys.ofUser(userId);
    }

    /** Revokes a key the caller owns (or any key, for an admin); another user's key answers 404. */
    @Transactional
    public ApiKey revoke(String keyId, Caller caller) {
        ApiKey key = keys.find(keyId).filter(k -> caller.mayAccess(k.userId()))
                .orElseThrow(() -> ApiException.notFound("api_key_not_found", "no API key " + keyId));
        ApiKey revoked = keys.revoke(key.id(), clock.instant()).orElseThrow();
        audit.changed("api_key", key.id(), key, revoked);
        cache.clear();
        broadcasts.publish(REVOCATIONS, key.id());
        return revoked;
    }

    /**
     * Resolves a bearer secret (and an optional on-behalf-of user) to a caller.
     *
     * @throws ApiException 401 for an unknown or revoked key, 403/404 for a bad on-behalf-of
     */
    public Caller authenticate(String secret, String onBehalfOf) {
        String cacheKey = HexFormat.of().formatHex(hash(secret));
        Instant now = clock.instant();
        Cached cached = cache.get(cacheKey);
        if (cached == null || cached.fetchedAt().plus(CACHE_TTL).isBefore(now)) {
            Optional<ApiKeys.Credential> found = keys.credential(hash(secret));
            if (found.isEmpty()) {
                throw new ApiException(401, "invalid_api_key", "the API key is not valid");
            }
            cached = new Cached(found.get(), now);
            cache.put(cacheKey, cached);
            if (!found.get().revoked() && (found.get().lastUsedAt() == null
                    || found.get().lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now))) {
                keys.touch(found.get().keyId(), now);
            }
        }
        ApiKeys.Credential credential = cached.credential();
        if (credential.revoked()) {
            throw new ApiException(401, "api_key_revoked", "the API key has been revoked");
        }
        boolean admin = credential.role() == User.Role.ADMIN;
        if (onBehalfOf == null || onBehalfOf.isBlank()) {
            return new Caller(credential.userId(), admin, credential.userId(), credential.keyId(), credential.role().code());
        }
        if (!admin) {
            throw ApiException.forbidden("only a platform admin key may act on behalf of a user");
        }
        User.Role role = knownUsers.get(onBehalfOf);
        if (role == null) {
            role = users.find(onBehalfOf).map(User::role).orElseThrow(() -> ApiException.notFound("user_not_found",
                    "Mercato-On-Behalf-Of names no user: " + onBehalfOf));
            if (knownUsers.size() >= KNOWN_USERS_MAX) {
                knownUsers.clear();
            }
            knownUsers.put(onBehalfOf, role);
        }
        return new Caller(onBehalfOf, false, credential.userId(), credential.keyId(), role.code());
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
