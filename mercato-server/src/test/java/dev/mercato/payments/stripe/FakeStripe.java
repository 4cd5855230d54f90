package dev.mercato.payments.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for api.stripe.com on 127.0.0.1: answers each "METHOD /path" with canned JSON and
 * records every request (headers and form parameters) so tests can check what the adapter sent.
 */
final class FakeStripe implements AutoCloseable {

    record Canned(int status, String body, long delayMillis) {
    }

    record Received(String method, String path, String query, Map<String, String> headers, Map<String, String> form) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Canned> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    FakeStripe() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeStripe on(String methodAndPath, int status, String body) {
        return on(methodAndPath, status, body, 0);
    }

    FakeStripe on(String methodAndPath, int status, String body, long delayMillis) {
        routes.put(methodAndPath, new Canned(status, body, delayMillis));
        return this;
    }

    List<Received> received() {
        return received;
    }

    Received last(String methodAndPath) {
        return received.reversed().stream().filter(r -> (r.method() + " " + r.path()).equals(methodAndPath)).findFirst()
                .orElseThrow(() -> new AssertionError("no request " + methodAndPath + " among " + received));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        String query = exchange.getRequestURI().getRawQuery();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query == null ? ""
                : URLDecoder.decode(query, StandardCharsets.UTF_8), headers, form(body)));
        Canned canned = routes.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                new Canned(404, """
                        {"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such object"}}""", 0));
        if (canned.delayMillis() > 0) {
            try {
                Thread.sleep(canned.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_fake");
        try {
            exchange.sendResponseHeaders(canned.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up (a timeout test); nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
