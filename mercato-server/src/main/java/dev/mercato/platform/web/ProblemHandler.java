package dev.mercato.platform.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure into problem+json with a stable {@code code}; nothing leaks a stack trace. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest request) {
        return render(e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ApiException reading) {
                return render(reading, request); // the body stream refused to go on, e.g. payload_too_large
            }
        }
        Throwable cause = e.getMostSpecificCause();
        ApiException problem;
        if (cause instanceof InputCoercionException) {
            problem = ApiException.invalid("amount_overflow",
                    "a number in the request is out of range (amounts are integers in minor units up to 2^63-1)");
        } else if (cause instanceof UnrecognizedPropertyException unknown) {
            problem = ApiException.invalid("unknown_parameter",
                    "unknown parameter '" + unknown.getPropertyName() + "'");
        } else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            problem = ApiException.invalid("invalid_parameter", "parameter '" + field + "' has the wrong type or is missing");
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            problem = ApiException.invalid("missing_body", "this request needs a JSON body");
        } else {
            problem = ApiException.invalid("malformed_json", "the request body is not valid JSON");
        }
        return render(problem, request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return render(ApiException.invalid("validation_failed", detail), request);
    }

    @ExceptionHandler({MissingRequestHeaderException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> badParameter(Exception e, HttpServletRequest request) {
        return render(ApiException.invalid("invalid_parameter", e.getMessage()), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return render(new ApiException(405, "method_not_allowed", e.getMessage()), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return render(new ApiException(415, "unsupported_media_type", "send JSON with Content-Type: application/json"),
                request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return render(ApiException.notFound("not_found", "no such endpoint: " + request.getRequestURI()), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return render(new ApiException(500, "internal_error", "an unexpected error occurred; it has been logged"), request);
    }

    private static ResponseEntity<Map<String, Object>> render(ApiException e, HttpServletRequest request) {
        return ResponseEntity.status(e.status()).contentType(PROBLEM).body(Problems.body(e, request));
    }
}
