package dev.mercato.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A small real HTTP client for tests: JSON in, status + parsed JSON out. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final ObjectMapper json;

    public Api(String base, ObjectMapper json) {
        this.base = base;
        this.json = json;
    }

    public Client as(String key) {
        return new Client(key, Map.of());
    }

    public Client anonymous() {
        return new Client(null, Map.of());
    }

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        public String code() {
            return body.path("code").asString();
        }

        public String id() {
            return body.path("id").asString();
        }

        public String text(String field) {
            return body.path(field).asString();
        }

        public long number(String field) {
            return body.path(field).asLong();
        }
    }

    public final class Client {

        private final String key;
        private final Map<String, String> headers;

        Client(String key, Map<String, String> headers) {
            this.key = key;
            this.headers = headers;
        }

        public Client header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Client(key, more);
        }

        public Client onBehalfOf(String userId) {
            return header("Mercato-On-Behalf-Of", userId);
        }

        public Client idempotencyKey(String value) {
            return header("Idempotency-Key", value);
        }

        public Response get(String path) {
            return send("GET", path, null);
        }

        public Response delete(String path) {
            return send("DELETE", path, null);
        }

        public Response post(String path, Object body) {
            return send("POST", path, body instanceof String s ? s : json.writeValueAsString(body));
        }

        public Response put(String path, Object body) {
            return send("PUT", path, body instanceof String s ? s : json.writeValueAsString(body));
        }

        public Response patch(String path, Object body) {
            return send("PATCH", path, body instanceof String s ? s : json.writeValueAsString(body));
        }

        /** POSTs raw bytes with their own content type, as a file upload does. */
        public Response upload(String path, byte[] bytes, String contentType) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", contentType);
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            headers.forEach(request::header);
            return exchange(request);
        }

        public Response send(String method, String path, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            headers.forEach(request::header);
            return exchange(request);
        }

        private Response exchange(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode parsed = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
                return new Response(response.statusCode(), parsed, response);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
