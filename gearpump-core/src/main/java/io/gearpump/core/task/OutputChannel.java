package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * Where a task's output to one downstream task goes: buffered, then handed over when the buffer
 * fills or the task flushes. In the same JVM that is a {@link LocalChannel}; across JVMs the
 * transport provides one. Confined to the sending task's thread, except {@link #sent()}.
 */
public interface OutputChannel extends Outlet {

    /**
     * Buffers {@code message} (handing the buffer over when it is full). Returns true when the channel
     * has just begun to need a {@link #flush}: the first message since the last one.
     */
    boolean add(Message message);
}
