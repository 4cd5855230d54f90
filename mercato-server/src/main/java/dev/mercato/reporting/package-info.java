/** Operator reports composed from the modules' own report queries: revenue per period, category and seller. */
package dev.mercato.reporting;
