/** The payments module's storage, webhook intake and janitor; nothing outside the module uses them. */
package dev.mercato.payments.internal;
