package dev.mercato.platform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;

/** One page of a cursor-paginated list: {@code {"object":"list","data":[…],"has_more":…}}. */
public record Page<T>(List<T> data, boolean hasMore) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    @JsonProperty("object")
    public String object() {
        return "list";
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(data.stream().map(mapper).toList(), hasMore);
    }

    /** Builds a page from rows fetched with {@code limit + 1}, the extra row only telling whether more exist. */
    public static <T> Page<T> fromOverfetch(List<T> rows, int limit) {
        boolean more = rows.size() > limit;
        return new Page<>(more ? List.copyOf(rows.subList(0, limit)) : List.copyOf(rows), more);
    }

    /** Checks a client's {@code limit}: absent means the default, out of range is a clear error. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiException.invalid("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
