/**
 * Managed task state: the values and maps a task declares through its context, kept in
 * copy-on-write segments (by key group for keyed state) so a checkpoint takes them without stopping
 * the task, and the snapshot file format that holds them with a task's own snapshot.
 */
package io.gearpump.core.state;
