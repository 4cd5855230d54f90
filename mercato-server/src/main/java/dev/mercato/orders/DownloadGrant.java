package dev.mercato.orders;

import java.time.Instant;
import java.util.List;

/** A buyer's right to download the files of the digital product version it bought. */
public record DownloadGrant(String id, String orderId, String buyerId, String listingId, int listingVersion,
        List<String> fileIds, int maxDownloads, int downloads, Instant expiresAt, Instant revokedAt, Instant createdAt) {
}
