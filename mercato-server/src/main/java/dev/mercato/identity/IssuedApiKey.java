package dev.mercato.identity;

/** A freshly created key: the only moment its secret is ever visible. */
public record IssuedApiKey(ApiKey key, String secret) {
}
