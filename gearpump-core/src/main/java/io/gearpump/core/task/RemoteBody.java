package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * The messages of a batch that came from another JVM, still encoded. Both methods run on the
 * receiving task's thread: decoding there keeps the event loop free of user serializers and spreads
 * the work over the tasks; {@link #consumed} lets the transport grant the sender credit again.
 */
public interface RemoteBody {

    /** Decodes the batch's messages (exactly the batch's size). */
    Message[] decode();

    /** Called once the task has processed the batch. */
    void consumed(int messages);
}
