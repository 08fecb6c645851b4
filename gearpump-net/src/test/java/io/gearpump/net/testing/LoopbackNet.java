package io.gearpump.net.testing;

import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.ConnectionHandler;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.loop.NetServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything a socket test opens, on 127.0.0.1 with ephemeral ports; {@link #close} closes it all,
 * newest first, so a test's try-with-resources cleans up even when the test fails.
 */
public final class LoopbackNet implements AutoCloseable {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    public synchronized EventLoopGroup group(String name, int threads, int maxFrameBytes) {
        return track(new EventLoopGroup(name, threads, maxFrameBytes));
    }

    public synchronized NetServer server(EventLoopGroup group, Supplier<ConnectionHandler> handlers) {
        try {
            return track(NetServer.bind(group, new InetSocketAddress("127.0.0.1", 0), handlers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection from {@code group} to {@code server}, open (its handler's onOpen has run). */
    public synchronized Connection connect(EventLoopGroup group, NetServer server, ConnectionHandler handler) {
        try {
            Connection c = group.connect(server.address(), handler, 5000).get(10, TimeUnit.SECONDS);
            opened.push(() -> c.close("test over"));
            return c;
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + server.address() + ": " + e, e);
        }
    }

    public synchronized RawPeer raw(NetServer server) {
        return track(new RawPeer(server.address()));
    }

    private <T extends AutoCloseable> T track(T t) {
        opened.push(t);
        return t;
    }

    @Override
    public synchronized void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                System.err.println("closing a test resource failed: " + e);
            }
        }
    }
}
