/** The benchmark behind {@code ./mercato bench}: ledger and checkout throughput and latency as ratios to pgbench. */
package dev.mercato.bench;
