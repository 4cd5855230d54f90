package dev.mercato.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The HTTP benchmarks' load generator: keep-alive HTTP/1.1 calls to the embedded server, through
 * {@link LeanHttp} (the default: a blocking socket per caller, whose cost is all on the caller
 * threads the benchmarks count it on) or, with {@code --http-client jdk}, the JDK {@code HttpClient}
 * (a selector thread and an executor, hundreds of microseconds of the 2 cores per call that the
 * server under test then lacks). The server receives the same requests either way.
 */
final class BenchHttp {

    /** Threads named {@code HttpClient-…} (the JDK client's selector) and {@code bench-http-…} (its executor). */
    static final List<String> CLIENT_THREAD_PREFIXES = List.of("HttpClient-", "bench-http-");

    private final String base;
    private final LeanHttp lean;
    private final HttpClient client;

    BenchHttp(int port, boolean jdkClient) {
        this.base = "http://127.0.0.1:" + port;
        this.lean = jdkClient ? null : new LeanHttp("127.0.0.1", port);
        this.client = !jdkClient ? null : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(java.util.concurrent.Executors.newCachedThreadPool(
                        Thread.ofPlatform().daemon().name("bench-http-", 0).factory()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The benchmark's own {@code --http-client lean|jdk} option taken out of {@code args} into {@code own}; exits with
     * status 2 on another value. Answers whether the JDK client was asked for.
     */
    static boolean jdkClientOption(Map<String, String> own) {
        String choice = own.getOrDefault("http-client", "lean");
        if (!List.of("lean", "jdk").contains(choice)) {
            System.err.println("--http-client is lean (the default) or jdk");
            System.exit(2);
        }
        return choice.equals("jdk");
    }

    /** What the benchmarks print about the load generator. */
    String describe() {
        return lean != null ? "a blocking keep-alive socket per caller (LeanHttp; --http-client jdk for the JDK's)"
                : "the JDK HttpClient (--http-client jdk)";
    }

    /** Sends one request; {@code headers} alternate names and values. */
    LeanHttp.Response send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        if (lean != null) {
            return lean.send(method, path, body, headers);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new LeanHttp.Response(response.statusCode(), response.body());
    }
}
