package dev.mercato.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A real webhook receiver for tests: the JDK's HTTP server on a random loopback port, recording
 * every request and answering with the status the test chooses per request.
 */
final class Receiver implements AutoCloseable {

    record Received(String eventId, String signature, String body, JsonNode json) {

        String type() {
            return json.path("type").asString();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Received> answer = r -> 200;

    Receiver(ObjectMapper json) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received r = new Received(exchange.getRequestHeaders().getFirst("Mercato-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Mercato-Signature"), body, json.readTree(body));
            received.add(r);
            int status = answer.applyAsInt(r);
            byte[] reply = (status / 100 == 2 ? "ok" : "receiver is down (" + status + ")").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers every following request with the status chosen for it. */
    void answer(ToIntFunction<Received> status) {
        answer = status;
    }

    List<Received> received(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
