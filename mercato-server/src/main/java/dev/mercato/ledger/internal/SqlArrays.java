package dev.mercato.ledger.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Binds Java lists as PostgreSQL arrays, so a whole batch is one statement ({@code unnest(?::type[])}). */
final class SqlArrays {

    private final Connection connection;
    private final PreparedStatement statement;
    private int index = 1;

    SqlArrays(Connection connection, PreparedStatement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    <T> SqlArrays text(List<T> rows, Function<T, String> value) throws SQLException {
        return bind("text", rows.stream().map(value).toArray(String[]::new));
    }

    <T> SqlArrays int8(List<T> rows, Function<T, Long> value) throws SQLException {
        return bind("int8", rows.stream().map(value).toArray(Long[]::new));
    }

    <T> SqlArrays int2(List<T> rows, Function<T, Integer> value) throws SQLException {
        return bind("int2", rows.stream().map(v -> value.apply(v).shortValue()).toArray(Short[]::new));
    }

    <T> SqlArrays timestamps(List<T> rows, Function<T, Instant> value) throws SQLException {
        return bind("text", rows.stream().map(value).map(t -> t == null ? null : t.toString()).toArray(String[]::new));
    }

    private SqlArrays bind(String type, Object[] values) throws SQLException {
        Array array = connection.createArrayOf(type, values);
        statement.setArray(index++, array);
        return this;
    }
}
