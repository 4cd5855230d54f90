package dev.mercato.credits;

/** Where a lot came from: the signup grant, a purchased top-up, or an operator's promotional grant. */
public enum CreditSource {
    SIGNUP, TOP_UP, GRANT;

    public String code() {
        return name().toLowerCase();
    }

    public static CreditSource of(String code) {
        return valueOf(code.toUpperCase());
    }
}
