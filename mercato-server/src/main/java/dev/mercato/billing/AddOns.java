package dev.mercato.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** The add-on catalog ({@code billing_add_ons}) and the add-ons on each subscription. */
@Repository
class AddOns {

    /** An add-on on a subscription: how many, and the unit price paid for the current period. */
    record Attached(String addOnId, int quantity, long unitPrice, Instant addedAt) {

        long amount() {
            return Math.multiplyExact(unitPrice, (long) quantity);
        }
    }

    private static final String COLUMNS = "id, name, description, prices, features, max_quantity, active, created_at, updated_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AddOns(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    boolean insert(AddOn a) {
        return jdbc.sql("INSERT INTO billing_add_ons (" + COLUMNS + ") VALUES (:id, :name, :description, :prices::jsonb,"
                        + " :features::jsonb, :max, :active, :at, :at) ON CONFLICT (id) DO NOTHING")
                .param("id", a.id()).param("name", a.name()).param("description", a.description())
                .param("prices", json.writeValueAsString(a.prices())).param("features", json.writeValueAsString(a.features()))
                .param("max", a.maxQuantity()).param("active", a.active()).param("at", Timestamp.from(a.createdAt()))
                .update() == 1;
    }

    Optional<AddOn> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_add_ons WHERE id = :id").param("id", id).query(this::map)
                .optional();
    }

    List<AddOn> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_add_ons ORDER BY id").query(this::map).list();
    }

    List<Attached> of(String subscriptionId) {
        return jdbc.sql("SELECT add_on_id, quantity, unit_price, added_at FROM billing_subscription_add_ons"
                        + " WHERE subscription_id = :sub ORDER BY add_on_id")
                .param("sub", subscriptionId).query((rs, n) -> new Attached(rs.getString(1), rs.getInt(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    /** Sets the add-on's quantity and the unit price paid for the current period (adding it if new). */
    void put(String subscriptionId, String addOnId, int quantity, long unitPrice, Instant now) {
        jdbc.sql("""
                INSERT INTO billing_subscription_add_ons (subscription_id, add_on_id, quantity, unit_price, added_at, updated_at)
                VALUES (:sub, :addOn, :quantity, :price, :now, :now)
                ON CONFLICT (subscription_id, add_on_id) DO UPDATE SET quantity = EXCLUDED.quantity,
                       unit_price = EXCLUDED.unit_price, updated_at = EXCLUDED.updated_at""")
                .param("sub", subscriptionId).param("addOn", addOnId).param("quantity", quantity).param("price", unitPrice)
                .param("now", Timestamp.from(now)).update();
    }

    void remove(String subscriptionId, String addOnId) {
        jdbc.sql("DELETE FROM billing_subscription_add_ons WHERE subscription_id = :sub AND add_on_id = :addOn")
                .param("sub", subscriptionId).param("addOn", addOnId).update();
    }

    private AddOn map(ResultSet rs, int row) throws SQLException {
        return new AddOn(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                json.readValue(rs.getString("prices"), Plans.PRICES), json.readValue(rs.getString("features"), Plans.FEATURES),
                rs.getInt("max_quantity"), rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
