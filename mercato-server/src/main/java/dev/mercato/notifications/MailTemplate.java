package dev.mercato.notifications;

/**
 * The emails Mercato sends. Each has {@code mail/<code>.html.mustache} and {@code mail/<code>.txt.mustache}
 * on the classpath; the subject is a one-line template here.
 */
enum MailTemplate {
    ORDER_RECEIPT(EmailCategory.TRANSACTIONAL, "Your receipt for order {{order_id}}"),
    NEW_SALE(EmailCategory.SALES, "You made a sale: {{earnings}}"),
    REFUND_ISSUED(EmailCategory.TRANSACTIONAL, "Refund of {{amount}} for order {{order_id}}"),
    PAYOUT_PAID(EmailCategory.TRANSACTIONAL, "Your payout of {{amount}} is on its way"),
    PAYOUT_FAILED(EmailCategory.TRANSACTIONAL, "Your payout of {{amount}} did not go through"),
    REVIEW_REJECTED(EmailCategory.TRANSACTIONAL, "Your review of {{listing_title}} was not published"),
    REVIEW_APPROVED(EmailCategory.SALES, "New {{stars}}-star review of {{listing_title}}"),
    SUBSCRIPTION_PAYMENT_FAILED(EmailCategory.TRANSACTIONAL, "Your {{plan}} payment of {{amount}} did not go through"),
    SUBSCRIPTION_PAYMENT_CONFIRMED(EmailCategory.TRANSACTIONAL, "Payment confirmed: {{amount}} for {{plan}}"),
    SUBSCRIPTION_PAYMENT_RECOVERED(EmailCategory.TRANSACTIONAL, "Your {{plan}} payment of {{amount}} went through"),
    SUBSCRIPTION_UNPAID(EmailCategory.TRANSACTIONAL, "{{#canceled}}Your {{plan}} subscription was canceled{{/canceled}}{{^canceled}}Your subscription moved to Free{{/canceled}}"),
    CAMPAIGN_RESPONSE(EmailCategory.SALES, "New response to {{campaign_title}}{{#in_review}}: waiting for your review{{/in_review}}"),
    CAMPAIGN_ENDED(EmailCategory.TRANSACTIONAL, "Your campaign {{campaign_title}} is {{status}}"),
    SUBMISSION_RESULT(EmailCategory.TRANSACTIONAL, "{{#paid}}You earned {{earned}} for your response to {{campaign_title}}{{/paid}}{{^paid}}Your response to {{campaign_title}}: {{result}}{{/paid}}"),
    OPERATOR_MESSAGE(EmailCategory.OPERATOR, "{{subject}}");

    private final EmailCategory category;
    private final String subject;

    MailTemplate(EmailCategory category, String subject) {
        this.category = category;
        this.subject = subject;
    }

    String code() {
        return name().toLowerCase();
    }

    EmailCategory category() {
        return category;
    }

    String subject() {
        return subject;
    }
}
