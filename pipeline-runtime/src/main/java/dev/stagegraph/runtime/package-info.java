/**
 * The runners: {@link dev.stagegraph.runtime.SequentialRunner}, the one-thread reference, and
 * {@link dev.stagegraph.runtime.ParallelRunner}, which runs a pipeline on an LMAX Disruptor ring
 * of preallocated frame slots with a thread per stage instance. Everything else here is
 * package-private; {@code ParallelExecution} opens with the design essay.
 *
 * <pre>
 *   ring slot n:  [ frame | cell(detector) | cell(size) | cell(classifier) | cell(aggregator) ]
 *
 *   source ──publish──▶ cursor
 *                         │ barrier
 *                   detector seq
 *                    │ barrier   │ barrier
 *             size seq r0,r1   classifier seq r0,r1,r2      (replicas each take frame % r)
 *                    └──── barrier on all five ────┘
 *                          aggregator seq
 *                               │ barrier
 *                            sink seq ──gates──▶ source   (clears the cells, frees the slot)
 * </pre>
 */
package dev.stagegraph.runtime;
