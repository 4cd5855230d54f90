package dev.mercato.referrals;

import java.util.Locale;

/** The one address behind an email's spellings, for the self-referral check. */
final class EmailAddresses {

    private EmailAddresses() {
    }

    /**
     * Lower case, without a {@code +tag} in the local part; for Gmail ({@code gmail.com},
     * {@code googlemail.com}) also without dots in the local part, at {@code gmail.com}. Null for no
     * address or one without a local part and domain.
     */
    static String normalised(String email) {
        if (email == null) {
            return null;
        }
        String address = email.trim().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return null;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local.isEmpty() ? null : local + "@" + domain;
    }
}
