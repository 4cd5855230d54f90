/** Checkout: carts become orders, paid through the processor and split between sellers, platform and processor in the ledger. */
package dev.mercato.orders;
