package io.gearpump.net.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, fixed set of event loops; connections are spread over them round robin. Opens client
 * connections ({@link #connect}); servers come from {@link NetServer#bind}.
 */
public final class EventLoopGroup implements AutoCloseable {

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final int maxFrameBytes;

    public EventLoopGroup(String name, int threads, int maxFrameBytes) {
        this.loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(name + "-loop-" + i);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Connects to {@code address}; the future completes with the open connection (its handler's
     * {@code onOpen} has run) or fails with the reason, after {@code timeoutMillis} at the latest.
     */
    public CompletableFuture<Connection> connect(InetSocketAddress address, ConnectionHandler handler, long timeoutMillis) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        InetSocketAddress resolved = address.isUnresolved() // resolved again: a name server may be back
                ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        if (resolved.isUnresolved()) {
            result.completeExceptionally(new UnknownHostException("cannot resolve host '" + address.getHostString() + "'"));
            return result;
        }
        EventLoop loop = next();
        loop.execute(() -> {
            SocketChannel channel;
            try {
                channel = SocketChannel.open();
            } catch (IOException e) {
                result.completeExceptionally(new IOException("cannot connect to " + address + ": " + e.getMessage(), e));
                return;
            }
            try {
                startConnect(loop, channel, resolved, handler, timeoutMillis, result);
            } catch (IOException | RuntimeException e) { // e.g. an address the system refuses: the caller hears why
                closeQuietly(channel);
                result.completeExceptionally(new IOException("cannot connect to " + address + ": " + e, e));
            }
        });
        return result;
    }

    private void startConnect(EventLoop loop, SocketChannel channel, InetSocketAddress address, ConnectionHandler handler,
                              long timeoutMillis, CompletableFuture<Connection> result) throws IOException {
        configure(channel);
        if (channel.connect(address)) {
            open(loop, channel, handler, result);
            return;
        }
        EventLoop.Timer timeout = loop.schedule(timeoutMillis, () -> {
            if (result.completeExceptionally(new IOException("connecting to " + address + " timed out after "
                    + timeoutMillis + " ms"))) {
                closeQuietly(channel);
            }
        });
        channel.register(loop.selector(), SelectionKey.OP_CONNECT, (EventLoop.Ready) key -> {
            try {
                channel.finishConnect();
                timeout.cancel();
                open(loop, channel, handler, result); // re-registers the same key for reading
            } catch (IOException e) {
                timeout.cancel();
                closeQuietly(channel);
                result.completeExceptionally(new IOException("cannot connect to " + address + ": " + e.getMessage(), e));
            }
        });
    }

    /** Takes an accepted or connected channel into a loop as a connection. */
    void adopt(SocketChannel channel, ConnectionHandler handler) {
        EventLoop loop = next();
        loop.execute(() -> open(loop, channel, handler, new CompletableFuture<>()));
    }

    private void open(EventLoop loop, SocketChannel channel, ConnectionHandler handler, CompletableFuture<Connection> result) {
        try {
            if (result.isDone()) {
                closeQuietly(channel); // timed out meanwhile
                return;
            }
            configure(channel);
            Connection c = new Connection(loop, channel, maxFrameBytes, handler);
            c.register();
            result.complete(c);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            result.completeExceptionally(e);
        }
    }

    static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do: it is going away
        }
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.close();
        }
    }
}
