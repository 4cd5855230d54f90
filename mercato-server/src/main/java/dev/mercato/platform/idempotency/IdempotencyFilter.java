package dev.mercato.platform.idempotency;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.MercatoProperties;
import dev.mercato.platform.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.ObjectMapper;

/**
 * Idempotency for every POST, following the IETF Idempotency-Key draft: the first response for a
 * key (per caller) is stored and replayed; the same key with a different request is a 422; a
 * second request while the first is running waits for its result, then gets a 409.
 * 5xx responses are not stored, so a client can retry after a transient failure; the business
 * operations behind each endpoint are transactional, so a 5xx changed nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final IdempotencyRecords records;
    private final Clock clock;
    private final MercatoProperties properties;
    private final ObjectMapper json;

    IdempotencyFilter(IdempotencyRecords records, Clock clock, MercatoProperties properties, ObjectMapper json) {
        this.records = records;
        this.clock = clock;
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(key).matches()) {
            Problems.write(request, response, ApiException.invalid("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters"), json);
            return;
        }
        BufferedRequest buffered = new BufferedRequest(request);
        String scope = scope(request);
        byte[] hash = requestHash(buffered);

        Instant deadline = clock.instant().plus(properties.idempotencyWait());
        while (true) {
            Instant now = clock.instant();
            Instant expires = now.plus(properties.idempotencyKeyTtl());
            if (records.claim(scope, key, hash, now, now.plus(LEASE), expires)
                    || records.takeOver(scope, key, hash, now, now.plus(LEASE), expires)) {
                execute(buffered, response, chain, scope, key);
                return;
            }
            Optional<IdempotencyRecords.Record> existing = records.find(scope, key);
            if (existing.isEmpty()) {
                continue; // released between our insert and read: claim again
            }
            IdempotencyRecords.Record record = existing.get();
            if (!MessageDigest.isEqual(record.requestHash(), hash)) {
                Problems.write(request, response, new ApiException(422, "idempotency_key_reused",
                        "this Idempotency-Key was already used for a different request"), json);
                return;
            }
            if (record.completed()) {
                replay(record.response(), response);
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                Problems.write(request, response, new ApiException(409, "idempotency_request_in_progress",
                        "a request with this Idempotency-Key is still being processed; retry later"), json);
                return;
            }
            sleep();
        }
    }

    private void execute(BufferedRequest request, HttpServletResponse response, FilterChain chain, String scope,
            String key) throws IOException, ServletException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (status < 500) {
                records.complete(scope, key, new IdempotencyRecords.StoredResponse(status, captured.getContentType(),
                        captured.getContentAsByteArray()));
                stored = true;
            }
        } finally {
            if (!stored) {
                records.release(scope, key);
            }
            captured.copyBodyToResponse();
        }
    }

    private static void replay(IdempotencyRecords.StoredResponse stored, HttpServletResponse response)
            throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        response.setHeader("Idempotent-Replayed", "true");
        response.getOutputStream().write(stored.body());
    }

    private static String scope(HttpServletRequest request) {
        String credentials = String.valueOf(request.getHeader("Authorization")) + "|"
                + String.valueOf(request.getHeader("Mercato-On-Behalf-Of"));
        return HexFormat.of().formatHex(sha256(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] requestHash(BufferedRequest request) {
        String target = request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
        MessageDigest digest = digest();
        digest.update(target.getBytes(StandardCharsets.UTF_8));
        digest.update(request.body());
        return digest.digest();
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent request", e);
        }
    }
}
