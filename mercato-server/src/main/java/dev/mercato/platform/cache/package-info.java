/** The read cache behind {@link dev.mercato.platform.ReadCache}: Redis when configured, in-process otherwise. */
package dev.mercato.platform.cache;
