/** Operating signals: the error rate, database status, uptime and the switch to JSON logs. */
package dev.mercato.platform.observability;
