/**
 * A test kit for stage authors: {@link dev.stagegraph.testkit.StageTester} runs one stage by hand
 * the way the runtime does and checks the ownership rules (contexts not kept, results released
 * once, inputs not retained).
 */
package dev.stagegraph.testkit;
