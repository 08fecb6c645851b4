package io.gearpump.core.task;

import io.gearpump.core.api.TaskId;

import java.util.function.LongSupplier;

/**
 * Where the tasks of an application run, as seen from this JVM, and how to reach the others. The
 * network module provides the cross-JVM implementation; {@link #ALL_LOCAL} keeps everything here.
 */
public interface RemoteLinks {

    RemoteLinks ALL_LOCAL = new RemoteLinks() {
        @Override
        public boolean isLocal(TaskId task) {
            return true;
        }

        @Override
        public OutputChannel outbound(StreamKey key, int batchSize, LongSupplier watermark) {
            throw new IllegalStateException("every task is local; no stream leaves this JVM: " + key);
        }

        @Override
        public void inbound(StreamKey key, TaskRunner receiver, int channel) {
            throw new IllegalStateException("every task is local; no stream enters this JVM: " + key);
        }
    };

    /** True when {@code task} runs in this JVM. */
    boolean isLocal(TaskId task);

    /** A channel from a local sender to a remote receiver; {@code watermark} is the sender's. */
    OutputChannel outbound(StreamKey key, int batchSize, LongSupplier watermark);

    /** A remote sender's stream to a local receiver arrives on the receiver's input {@code channel}. */
    void inbound(StreamKey key, TaskRunner receiver, int channel);
}
