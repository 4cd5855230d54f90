/** The public endpoint processors deliver their webhooks to. */
package dev.mercato.payments.web;
