package dev.mercato.referrals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one address behind an email's spellings, as the self-referral check compares them. */
class EmailAddressesTests {

    @Test
    void lowerCasesAndDropsAPlusTag() {
        assertThat(EmailAddresses.normalised(" Ann.Lee+Promo@Example.COM ")).isEqualTo("ann.lee@example.com");
        assertThat(EmailAddresses.normalised("ann+a+b@example.com")).isEqualTo("ann@example.com");
    }

    @Test
    void dropsDotsOnlyForGmailAndTreatsGooglemailAsGmail() {
        assertThat(EmailAddresses.normalised("j.o.h.n+x@googlemail.com")).isEqualTo("john@gmail.com");
        assertThat(EmailAddresses.normalised("John.Doe@GMAIL.com")).isEqualTo("johndoe@gmail.com");
        assertThat(EmailAddresses.normalised("john.doe@example.com")).isEqualTo("john.doe@example.com");
    }

    @Test
    void answersNullForNoUsableAddress() {
        assertThat(EmailAddresses.normalised(null)).isNull();
        assertThat(EmailAddresses.normalised("no-at-sign")).isNull();
        assertThat(EmailAddresses.normalised("@example.com")).isNull();
        assertThat(EmailAddresses.normalised("+tag@example.com")).isNull();
        assertThat(EmailAddresses.normalised("ann@")).isNull();
    }
}
