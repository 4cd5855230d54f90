package dev.mercato.ledger;

/** The owner of an account: {@code user/usr_…}, {@code platform/platform} or {@code system/<role>}. */
public record AccountOwner(OwnerType type, String id) {

    public static AccountOwner user(String userId) {
        return new AccountOwner(OwnerType.USER, userId);
    }

    public static AccountOwner platform() {
        return new AccountOwner(OwnerType.PLATFORM, "platform");
    }

    public static AccountOwner system(String role) {
        return new AccountOwner(OwnerType.SYSTEM, role);
    }
}
