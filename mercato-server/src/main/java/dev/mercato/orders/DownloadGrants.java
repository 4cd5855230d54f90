package dev.mercato.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class DownloadGrants {

    private final JdbcClient jdbc;

    DownloadGrants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(DownloadGrant g) {
        jdbc.sql("""
                INSERT INTO download_grants (id, order_id, buyer_id, listing_id, listing_version, file_ids, max_downloads,
                                             expires_at, created_at)
                VALUES (:id, :order, :buyer, :listing, :version, :files, :max, :expires, :at)""")
                .param("id", g.id()).param("order", g.orderId()).param("buyer", g.buyerId())
                .param("listing", g.listingId()).param("version", g.listingVersion())
                .param("files", g.fileIds().toArray(String[]::new)).param("max", g.maxDownloads())
                .param("expires", Timestamp.from(g.expiresAt())).param("at", Timestamp.from(g.createdAt()))
                .update();
    }

    List<DownloadGrant> ofOrder(String orderId) {
        return jdbc.sql("SELECT * FROM download_grants WHERE order_id = :order ORDER BY id").param("order", orderId)
                .query(this::map).list();
    }

    Optional<DownloadGrant> find(String id) {
        return jdbc.sql("SELECT * FROM download_grants WHERE id = :id").param("id", id).query(this::map).optional();
    }

    /** Counts one download if the grant allows it now; false when revoked, expired, used up or not for that file. */
    boolean take(String id, String fileId, Instant now) {
        return jdbc.sql("""
                UPDATE download_grants SET downloads = downloads + 1
                WHERE id = :id AND revoked_at IS NULL AND expires_at > :now AND downloads < max_downloads
                  AND :file = ANY(file_ids)""")
                .param("id", id).param("file", fileId).param("now", Timestamp.from(now)).update() == 1;
    }

    void revokeOrder(String orderId, Instant at) {
        jdbc.sql("UPDATE download_grants SET revoked_at = :at WHERE order_id = :order AND revoked_at IS NULL")
                .param("order", orderId).param("at", Timestamp.from(at)).update();
    }

    private DownloadGrant map(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new DownloadGrant(rs.getString("id"), rs.getString("order_id"), rs.getString("buyer_id"),
                rs.getString("listing_id"), rs.getInt("listing_version"), List.of((String[]) rs.getArray("file_ids").getArray()),
                rs.getInt("max_downloads"), rs.getInt("downloads"), rs.getTimestamp("expires_at").toInstant(),
                revoked == null ? null : revoked.toInstant(), rs.getTimestamp("created_at").toInstant());
    }
}
