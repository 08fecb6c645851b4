package io.gearpump.net.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A blocking socket that writes whatever a test wants (hostile bytes included) and reads frames
 * with bounded waits. One thread at a time.
 */
public final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawPeer(InetSocketAddress address) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    /** {@code [int length][payload]}. */
    public static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** Writes raw bytes; false when the server has already closed the connection. */
    public boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean sendFrame(byte[] payload) {
        return write(frame(payload));
    }

    /** The next frame's payload; fails if none comes within {@code timeout} or the connection ends. */
    public byte[] readFrame(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            int length = in.readInt();
            if (length < 0 || length > 64 << 20) {
                throw new AssertionError("the server sent a frame length of " + length);
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return payload;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new AssertionError("the connection ended while waiting for a frame: " + e, e);
        }
    }

    /**
     * Waits until the server closes the connection (end of stream or reset), discarding anything it
     * still sends; fails if it is still open after {@code timeout}.
     */
    public void awaitClosedByServer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[4096];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new AssertionError("the server did not close the connection within " + timeout.toMillis() + " ms");
                }
                socket.setSoTimeout((int) Math.max(1, left));
                if (in.read(sink) < 0) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + timeout.toMillis() + " ms", e);
        } catch (EOFException | SocketException e) {
            // reset by the server: closed as well
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the stream towards the server (it reads end of stream), still reading what it sends. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException ignored) {
            // already closed by the server: the same outcome for the callers
        }
    }

    /** Closes with a reset (SO_LINGER 0) instead of an orderly end of stream. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
