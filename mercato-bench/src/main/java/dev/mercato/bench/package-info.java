/** The benchmark behind {@code ./mercato bench}: ledger throughput and latency as ratios to pgbench. */
package dev.mercato.bench;
