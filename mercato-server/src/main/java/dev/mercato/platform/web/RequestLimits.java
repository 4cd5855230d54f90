package dev.mercato.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code mercato.requests.*}.
 *
 * @param maxJsonBody the largest JSON request body accepted (default 1MB); larger ones get 413
 *                    {@code payload_too_large} before anything is read into memory. File uploads
 *                    have their own limit ({@code mercato.catalog.max-file-bytes}).
 */
@ConfigurationProperties("mercato.requests")
record RequestLimits(DataSize maxJsonBody) {

    RequestLimits {
        if (maxJsonBody == null) {
            maxJsonBody = DataSize.ofMegabytes(1);
        }
        if (maxJsonBody.toBytes() <= 0) {
            throw new IllegalArgumentException("mercato.requests.max-json-body must be positive, e.g. 1MB");
        }
    }
}
