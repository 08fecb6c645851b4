package io.gearpump.core.task;

/**
 * Makes one sending task's {@link LocalChannel}s on one edge when they are first used, instead of
 * all of them before the application starts: a shuffle between 2,000 and 2,000 tasks has 4 M
 * channels, and building them (with the collections their live memory set off) held the first
 * record back by seconds. Each receiver numbers the edge's senders from its own first channel on.
 * Used only where no channel needs to exist before its first message: every task of the edge is in
 * this JVM, and watermarks reach the receivers through {@link ProcessorWatermarks}, not on each channel.
 */
final class LocalChannelMaker {

    private final LocalLinks links;
    private final Inbox[] inboxes;      // per receiver, shared by the edge's senders
    private final int[] firstChannels;  // per receiver: its input channel of sender 0 of this edge
    private final int sender;

    LocalChannelMaker(LocalLinks links, Inbox[] inboxes, int[] firstChannels, int sender) {
        this.links = links;
        this.inboxes = inboxes;
        this.firstChannels = firstChannels;
        this.sender = sender;
    }

    LocalChannel make(int receiver) {
        return new LocalChannel(links, inboxes[receiver], firstChannels[receiver] + sender);
    }
}
