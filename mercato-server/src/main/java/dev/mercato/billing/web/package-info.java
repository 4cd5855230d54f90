/** Billing over HTTP: plans, subscriptions, entitlements and usage. */
package dev.mercato.billing.web;
