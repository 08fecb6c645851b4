/**
 * Test support shared by every module's tests, shipped as gearpump-core's test jar (only this
 * package): {@link io.gearpump.core.testing.Poll}, the one bounded wait for a condition, and the plainest
 * tasks ({@link io.gearpump.core.testing.StreamTasks}).
 */
package io.gearpump.core.testing;
