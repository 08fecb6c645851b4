package io.gearpump.net.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket: accepts without blocking on one loop and spreads the connections over the
 * group, each with a new handler from {@code handlers}. Binds where it is told (loopback by default
 * in configuration).
 */
public final class NetServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetServer.class);

    private final ServerSocketChannel server;
    private final EventLoop acceptLoop;
    private final InetSocketAddress address;

    private NetServer(ServerSocketChannel server, EventLoop acceptLoop) throws IOException {
        this.server = server;
        this.acceptLoop = acceptLoop;
        this.address = (InetSocketAddress) server.getLocalAddress();
    }

    /** Listens on {@code address} (port 0: any free port). */
    public static NetServer bind(EventLoopGroup group, InetSocketAddress address, Supplier<ConnectionHandler> handlers)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(address, 1024);
            server.configureBlocking(false);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        EventLoop loop = group.next();
        NetServer s = new NetServer(server, loop);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                server.register(loop.selector(), SelectionKey.OP_ACCEPT, (EventLoop.Ready) key -> s.accept(group, handlers));
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.join();
        LOG.info("listening on {}", s.address);
        return s;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    private void accept(EventLoopGroup group, Supplier<ConnectionHandler> handlers) {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.warn("{}: accept failed: {}", address, e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            group.adopt(channel, handlers.get());
        }
    }

    /** Stops accepting; the port is free when this returns (connections already accepted stay open). */
    @Override
    public void close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        acceptLoop.execute(() -> {
            SelectionKey key = server.keyFor(acceptLoop.selector());
            if (key != null) {
                key.cancel();
            }
            EventLoopGroup.closeQuietly(server);
            closed.complete(null);
        });
        try {
            closed.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            EventLoopGroup.closeQuietly(server); // the loop is gone or stuck: close from here
        }
    }
}
