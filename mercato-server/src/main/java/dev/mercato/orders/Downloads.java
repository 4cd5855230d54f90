package dev.mercato.orders;

import dev.mercato.catalog.ListingFile;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.catalog.ListingVersion;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Ids;
import dev.mercato.platform.SigningKeys;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Digital products as entitlements. A paid order grants the buyer the files of the version it
 * bought, for a number of downloads until a date. Each download goes through a short-lived token
 * signed with HMAC-SHA256 (the grant, the file and an expiry), so a link can be handed to a
 * browser without an API key; every use is counted atomically against the grant.
 */
@Service
public class Downloads {

    static final String PREFIX = "dlt_";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A file the buyer may fetch now, with a fresh token. */
    public record Download(DownloadGrant grant, ListingFile file, String token, Instant tokenExpiresAt) {
    }

    /** What a redeemed token delivers. */
    public record Delivery(ListingFile file, InputStream content) {
    }

    private final DownloadGrants grants;
    private final ListingManagement listings;
    private final SigningKeys keys;
    private final Clock clock;
    private final int maxDownloads;
    private final Duration validity;

    Downloads(DownloadGrants grants, ListingManagement listings, SigningKeys keys, Clock clock,
            @Value("${mercato.downloads.max-count:5}") int maxDownloads,
            @Value("${mercato.downloads.valid-for:P30D}") Duration validity) {
        this.grants = grants;
        this.listings = listings;
        this.keys = keys;
        this.clock = clock;
        this.maxDownloads = maxDownloads;
        this.validity = validity;
    }

    /** Called in the transaction that marks the order paid. */
    void grant(Order order) {
        for (OrderLine line : order.lines()) {
            if (!line.kind().equals("digital_product")) {
                continue;
            }
            ListingVersion version = listings.version(line.listingId(), line.listingVersion(), Optional.empty()).orElseThrow();
            Instant now = clock.instant();
            grants.insert(new DownloadGrant(Ids.next("dlg", clock), order.id(), order.buyerId(), line.listingId(),
                    line.listingVersion(), version.fileIds(), maxDownloads, 0, now.plus(validity), null, now));
        }
    }

    void revoke(String orderId) {
        grants.revokeOrder(orderId, clock.instant());
    }

    /** The files of an order the buyer can download, each with a fresh token. */
    public List<Download> of(Order order) {
        Instant expires = clock.instant().plus(TOKEN_LIFETIME);
        return grants.ofOrder(order.id()).stream()
                .flatMap(grant -> grant.fileIds().stream().map(fileId -> new Download(grant,
                        listings.file(fileId).orElseThrow(), token(grant.id(), fileId, expires), expires)))
                .toList();
    }

    /** Checks a token and counts the download; refuses tampered, expired, revoked or used-up ones. */
    public Delivery redeem(String token) {
        String[] parts = parse(token);
        String grantId = parts[0];
        String fileId = parts[1];
        long expiresAt = Long.parseLong(parts[2]);
        Instant now = clock.instant();
        if (now.getEpochSecond() >= expiresAt) {
            throw new ApiException(410, "download_link_expired", "this download link has expired; ask for a new one");
        }
        if (!grants.take(grantId, fileId, now)) {
            DownloadGrant grant = grants.find(grantId).orElseThrow(Downloads::invalid);
            if (grant.revokedAt() != null) {
                throw new ApiException(410, "download_revoked", "the purchase was refunded; its downloads are revoked");
            }
            if (!grant.expiresAt().isAfter(now)) {
                throw new ApiException(410, "download_expired", "the download period of this purchase has ended");
            }
            if (grant.downloads() >= grant.maxDownloads()) {
                throw new ApiException(410, "download_limit_reached",
                        "all " + grant.maxDownloads() + " downloads of this purchase are used");
            }
            throw invalid();
        }
        ListingFile file = listings.file(fileId).orElseThrow(Downloads::invalid);
        return new Delivery(file, listings.openFile(file));
    }

    private String token(String grantId, String fileId, Instant expires) {
        String payload = grantId + "." + fileId + "." + expires.getEpochSecond();
        return PREFIX + B64.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "." + B64.encodeToString(sign(payload));
    }

    private String[] parse(String token) {
        try {
            if (token == null || !token.startsWith(PREFIX)) {
                throw invalid();
            }
            String[] halves = token.substring(PREFIX.length()).split("\\.", 2);
            String payload = new String(Base64.getUrlDecoder().decode(halves[0]), StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(sign(payload), Base64.getUrlDecoder().decode(halves[1]))) {
                throw invalid();
            }
            String[] parts = payload.split("\\.");
            if (parts.length != 3) {
                throw invalid();
            }
            Long.parseLong(parts[2]);
            return parts;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException malformed) {
            throw invalid();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.key("downloads"), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid() {
        return ApiException.notFound("invalid_download_token", "this download link is not valid");
    }
}
