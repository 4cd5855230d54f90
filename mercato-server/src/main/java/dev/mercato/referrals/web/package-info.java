/** The referrals' HTTP API: the caller's code and stats, claims, the program and operators' statistics. */
package dev.mercato.referrals.web;
