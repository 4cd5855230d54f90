package dev.mercato.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
class Plans {

    static final TypeReference<List<Plan.Price>> PRICES = new TypeReference<>() {
    };
    static final TypeReference<Map<String, Feature>> FEATURES = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, name, description, tier, trial_days, prices, features, active, created_at, updated_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Plans(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts the plan; false when its id is taken. */
    boolean insert(Plan plan) {
        return jdbc.sql("INSERT INTO billing_plans (" + COLUMNS + ") VALUES (:id, :name, :description, :tier, :trialDays,"
                        + " :prices::jsonb, :features::jsonb, :active, :at, :at) ON CONFLICT (id) DO NOTHING")
                .param("id", plan.id()).param("name", plan.name()).param("description", plan.description())
                .param("tier", plan.tier()).param("trialDays", plan.trialDays())
                .param("prices", json.writeValueAsString(plan.prices()))
                .param("features", json.writeValueAsString(plan.features())).param("active", plan.active())
                .param("at", Timestamp.from(plan.createdAt())).update() == 1;
    }

    void update(Plan plan) {
        jdbc.sql("""
                UPDATE billing_plans SET name = :name, description = :description, tier = :tier, trial_days = :trialDays,
                       prices = :prices::jsonb, features = :features::jsonb, active = :active, updated_at = :at
                WHERE id = :id""")
                .param("id", plan.id()).param("name", plan.name()).param("description", plan.description())
                .param("tier", plan.tier()).param("trialDays", plan.trialDays())
                .param("prices", json.writeValueAsString(plan.prices()))
                .param("features", json.writeValueAsString(plan.features())).param("active", plan.active())
                .param("at", Timestamp.from(plan.updatedAt())).update();
    }

    Optional<Plan> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_plans WHERE id = :id").param("id", id).query(this::map)
                .optional();
    }

    Optional<Plan> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_plans WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::map).optional();
    }

    List<Plan> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_plans ORDER BY tier, id").query(this::map).list();
    }

    private Plan map(ResultSet rs, int row) throws SQLException {
        return new Plan(rs.getString("id"), rs.getString("name"), rs.getString("description"), rs.getInt("tier"),
                rs.getInt("trial_days"), json.readValue(rs.getString("prices"), PRICES),
                json.readValue(rs.getString("features"), FEATURES), rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
