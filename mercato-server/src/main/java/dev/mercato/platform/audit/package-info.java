/** The audit trail: who changed what through the API, recorded append-only and queried by operators. */
package dev.mercato.platform.audit;
