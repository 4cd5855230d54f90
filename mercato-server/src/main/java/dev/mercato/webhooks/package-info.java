/**
 * Outbound webhooks: operators register endpoints, domain events become signed JSON deliveries
 * retried with backoff for up to three days, with a delivery log, replay, secret rotation and
 * automatic disabling of endpoints that keep failing.
 */
package dev.mercato.webhooks;
