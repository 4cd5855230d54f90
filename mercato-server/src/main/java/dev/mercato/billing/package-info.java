/**
 * SaaS billing: plans with prices and entitlements, subscriptions with one explicit state machine,
 * proration to the second, renewals, and the entitlement check every module asks.
 */
package dev.mercato.billing;
