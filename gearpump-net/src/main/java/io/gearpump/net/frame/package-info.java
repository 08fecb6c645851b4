/**
 * Framing: {@code [int length][payload]}, the payload Kryo-encoded. The decoder refuses negative
 * and oversized lengths before allocating; the payload's first byte says what kind of frame it is.
 */
package io.gearpump.net.frame;
