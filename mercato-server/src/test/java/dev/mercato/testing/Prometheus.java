package dev.mercato.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a metric the way Prometheus does: the text exposition at /actuator/prometheus, with an admin key. */
public final class Prometheus {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Prometheus() {
    }

    /** The sum of every sample of {@code name} whose labels contain {@code label} (e.g. {@code outcome="sent"}); 0 when none. */
    public static double value(String baseUrl, String adminKey, String name, String label) {
        return scrape(baseUrl, adminKey).lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> label == null || l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** True when the exposition has a sample of {@code name} with {@code label} (null: any sample, labelled or not). */
    public static boolean has(String baseUrl, String adminKey, String name, String label) {
        return scrape(baseUrl, adminKey).lines().anyMatch(l -> label == null
                ? l.startsWith(name + "{") || l.startsWith(name + " ")
                : l.startsWith(name + "{") && l.contains(label));
    }

    private static String scrape(String baseUrl, String adminKey) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
