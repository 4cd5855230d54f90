/** HTTP endpoints for orders and their payment. */
package dev.mercato.orders.web;
