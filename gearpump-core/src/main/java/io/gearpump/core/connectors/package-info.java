/**
 * Sources and sinks that come with the engine: files of text lines or binary records in
 * ({@link io.gearpump.core.connectors.FileSource}) and out ({@link io.gearpump.core.connectors.FileSink}),
 * each keeping its place in checkpoints so an application with a guarantee reads and writes every
 * value exactly once through failures.
 */
package io.gearpump.core.connectors;
