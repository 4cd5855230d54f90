package dev.mercato.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.ObjectMapper;

/**
 * Processor webhooks as a processor sends them: signed like the simulated processor
 * ({@code t=<seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}, computed here independently of
 * the production code) and posted as exact bytes to {@code /v1/processor-webhooks/{adapter}}
 * without an API key.
 */
public final class SignedWebhooks {

    /** The simulated processor's development secret ({@code mercato.payments.simulated.webhook-secret}). */
    public static final String SECRET = "whsec_mercato_simulated_development_secret";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedWebhooks() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code body} with {@code signature} (none when null) to the local server's webhook route. */
    public static Api.Response deliver(int port, ObjectMapper json, String adapter, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/processor-webhooks/" + adapter))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Mercato-Signature", signature);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), json.readTree(response.body()), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
