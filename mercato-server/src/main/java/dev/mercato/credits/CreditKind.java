package dev.mercato.credits;

/** Paid credits were bought with money; free ones were given (on signup, by an operator). */
public enum CreditKind {
    PAID, FREE;

    public String code() {
        return name().toLowerCase();
    }

    public static CreditKind of(String code) {
        return valueOf(code.toUpperCase());
    }
}
