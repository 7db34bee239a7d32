/**
 * For runner implementations and tools, not for pipeline authors: a built pipeline's
 * {@link dev.stagegraph.spi.StageNode}s (inputs, options, how values are released), the uniform
 * {@link dev.stagegraph.spi.StageInstance} every stage shape is adapted to, and the
 * {@link dev.stagegraph.spi.InstanceContext} handed to {@code open}, and
 * {@link dev.stagegraph.spi.JsonText} for tools that write JSON next to a report's.
 */
package dev.stagegraph.spi;
