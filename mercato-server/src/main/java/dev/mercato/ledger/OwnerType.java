package dev.mercato.ledger;

/** Who an account belongs to: a user, the platform itself, or a system role such as the payment processor. */
public enum OwnerType {
    USER, PLATFORM, SYSTEM;

    public String code() {
        return name().toLowerCase();
    }

    public static OwnerType of(String code) {
        return valueOf(code.toUpperCase());
    }
}
