package dev.mercato.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.ObjectMapper;

/**
 * Renders an {@link ApiException} as RFC 9457 problem+json. Controllers reach it through the
 * exception handler; servlet filters (authentication, idempotency) call it directly.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String REQUEST_ID_ATTRIBUTE = "mercato.requestId";

    private Problems() {
    }

    public static Map<String, Object> body(ApiException error, HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://mercato.dev/errors/" + error.code());
        HttpStatus status = HttpStatus.resolve(error.status());
        body.put("title", status == null ? "Error" : status.getReasonPhrase());
        body.put("status", error.status());
        body.put("code", error.code());
        body.put("detail", error.getMessage());
        body.put("instance", request.getRequestURI());
        Object requestId = request.getAttribute(REQUEST_ID_ATTRIBUTE);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        error.details().forEach(body::putIfAbsent);
        return body;
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ApiException error,
            ObjectMapper json) throws IOException {
        response.setStatus(error.status());
        response.setContentType(MEDIA_TYPE);
        response.getOutputStream().write(json.writeValueAsBytes(body(error, request)));
    }
}
