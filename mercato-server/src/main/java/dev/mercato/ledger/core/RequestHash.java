package dev.mercato.ledger.core;

import dev.mercato.ledger.Entry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 over a canonical form of a command, so "the same request" means the same fields,
 * whatever JSON formatting or map order the client used.
 */
public final class RequestHash {

    private RequestHash() {
    }

    public static byte[] of(Command command) {
        StringBuilder canonical = new StringBuilder(command.name()).append('\n');
        switch (command) {
            case Command.Post post -> {
                var r = post.request();
                field(canonical, "type", r.type());
                for (Entry e : r.entries()) {
                    field(canonical, "entry", e.accountId() + "|" + e.direction() + "|" + e.amount() + "|" + e.asset());
                }
                field(canonical, "effective_at", r.effectiveAt());
                field(canonical, "reference", r.reference());
                metadata(canonical, r.metadata());
            }
            case Command.PlaceHold hold -> {
                var r = hold.request();
                field(canonical, "debit", r.debitAccount());
                field(canonical, "credit", r.creditAccount());
                field(canonical, "amount", r.amount());
                field(canonical, "asset", r.asset());
                field(canonical, "expires_at", r.expiresAt());
                if (r.expiresIn() != null) {
                    field(canonical, "expires_in", r.expiresIn());
                }
                field(canonical, "reference", r.reference());
                metadata(canonical, r.metadata());
            }
            case Command.Capture capture -> {
                field(canonical, "hold", capture.hold());
                field(canonical, "amount", capture.request().amount());
            }
            case Command.Void v -> field(canonical, "hold", v.hold());
            case Command.Reverse reverse -> {
                field(canonical, "original", reverse.original());
                field(canonical, "amount", reverse.request().amount());
                field(canonical, "reason", reverse.request().reason());
            }
            case Command.Expire expire -> field(canonical, "hold", expire.hold());
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append('=').append(value == null ? "\u0000" : value.toString().replace("\n", "\\n")).append('\n');
    }

    private static void metadata(StringBuilder out, Map<String, String> metadata) {
        new TreeMap<>(metadata).forEach((k, v) -> field(out, "meta." + k, v));
    }
}
