/**
 * The examples (WordCount, SOL, ComplexDag, each in its own package with GearPump's options) and
 * what their mains share: option parsing, the throughput reporter and error handling.
 * {@code bench} holds the benchmark workloads behind {@code bin/gear bench}.
 */
package io.gearpump.examples;
