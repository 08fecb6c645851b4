/**
 * Sources and sinks that come with the engine: text files in ({@link io.gearpump.core.connectors.FileSource})
 * and out ({@link io.gearpump.core.connectors.FileSink}), each keeping its place in checkpoints so an
 * application with a guarantee reads and writes every line exactly once through failures.
 */
package io.gearpump.core.connectors;
