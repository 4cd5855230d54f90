package dev.mercato.identity.web;

import dev.mercato.identity.ApiKey;
import dev.mercato.identity.ApiKeyManagement;
import dev.mercato.identity.IssuedApiKey;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ApiKeyController {

    private final ApiKeyManagement apiKeys;

    ApiKeyController(ApiKeyManagement apiKeys) {
        this.apiKeys = apiKeys;
    }

    record CreateApiKey(String userId, String name) {
    }

    record ApiKeyView(String id, String object, String userId, String name, String hint, String secret,
            Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

        static ApiKeyView of(ApiKey key, String secret) {
            return new ApiKeyView(key.id(), "api_key", key.userId(), key.name(), key.hint(), secret, key.createdAt(),
                    key.lastUsedAt(), key.revokedAt());
        }
    }

    /** A user creates keys for itself; an admin for any user. The secret is in this response only. */
    @PostMapping("/v1/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeyView create(Caller caller, @RequestBody(required = false) CreateApiKey request) {
        String userId = request == null || request.userId() == null ? caller.userId() : request.userId();
        if (!caller.mayAccess(userId)) {
            throw ApiException.notFound("user_not_found", "no user " + userId);
        }
        IssuedApiKey issued = apiKeys.issue(userId, request == null ? null : request.name());
        return ApiKeyView.of(issued.key(), issued.secret());
    }

    @GetMapping("/v1/api-keys")
    Page<ApiKeyView> list(Caller caller, @RequestParam(name = "user_id", required = false) String userId) {
        String owner = userId == null ? caller.userId() : userId;
        if (!caller.mayAccess(owner)) {
            throw ApiException.notFound("user_not_found", "no user " + owner);
        }
        return new Page<>(apiKeys.keysOf(owner).stream().map(key -> ApiKeyView.of(key, null)).toList(), false);
    }

    @DeleteMapping("/v1/api-keys/{id}")
    ApiKeyView revoke(Caller caller, @PathVariable String id) {
        return ApiKeyView.of(apiKeys.revoke(id, caller), null);
    }
}
