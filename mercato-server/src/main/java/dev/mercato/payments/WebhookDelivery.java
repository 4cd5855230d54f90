package dev.mercato.payments;

import java.util.Map;
import java.util.TreeMap;

/**
 * An inbound webhook exactly as it arrived: the raw body (signatures cover these bytes, so it must
 * never be re-serialized) and the headers, looked up case-insensitively.
 */
public record WebhookDelivery(byte[] body, Map<String, String> headers) {

    public WebhookDelivery {
        body = body == null ? new byte[0] : body.clone();
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            copy.putAll(headers);
        }
        headers = copy;
    }

    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
