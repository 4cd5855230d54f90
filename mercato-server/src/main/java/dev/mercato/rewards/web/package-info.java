/** HTTP API of reward tokens: rules, awards, balances and history. */
package dev.mercato.rewards.web;
