package io.gearpump.core.metrics;

import com.codahale.metrics.graphite.Graphite;
import com.codahale.metrics.graphite.GraphiteSender;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Graphite connection that an unreachable server does not turn into a stack trace per report: the
 * failure is logged in one line naming the server (then at most once a minute), that report is
 * dropped, and the next report tries again. Used by the reporter's own thread only.
 */
final class PatientGraphite implements GraphiteSender {

    private static final Logger LOG = LoggerFactory.getLogger(PatientGraphite.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final String address;
    private final Graphite graphite;
    private boolean down;        // the current report cannot be sent
    private boolean wasDown;     // the last report could not be sent
    private long lastWarnNanos;
    private boolean warned;

    PatientGraphite(String host, int port) {
        this.address = host + ":" + port;
        this.graphite = new Graphite(host, port, new ConnectWithTimeout(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void connect() {
        down = false;
        try {
            graphite.connect();
            if (wasDown) {
                LOG.info("metrics reach Graphite at {} again", address);
            }
            wasDown = false;
        } catch (IOException | IllegalStateException e) {
            unreachable(e);
        }
    }

    @Override
    public void send(String name, String value, long timestamp) {
        if (down) {
            return;
        }
        try {
            graphite.send(name, value, timestamp);
        } catch (IOException e) {
            unreachable(e);
        }
    }

    @Override
    public void flush() {
        if (down) {
            return;
        }
        try {
            graphite.flush();
        } catch (IOException e) {
            unreachable(e);
        }
    }

    @Override
    public boolean isConnected() {
        return graphite.isConnected();
    }

    @Override
    public int getFailures() {
        return graphite.getFailures();
    }

    @Override
    public void close() throws IOException {
        graphite.close();
    }

    /** Sockets that give up connecting after {@link #CONNECT_TIMEOUT_MILLIS}: a host that drops packets must not hold a report (or a shutdown) for minutes. */
    private static final class ConnectWithTimeout extends javax.net.SocketFactory {
        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            java.net.Socket s = new java.net.Socket();
            try {
                s.connect(new java.net.InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return createSocket(java.net.InetAddress.getByName(host), port);
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("Graphite connects without a local address");
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException("Graphite connects without a local address");
        }
    }

    private void unreachable(Exception e) {
        down = true;
        wasDown = true;
        try {
            graphite.close();
        } catch (IOException ignored) {
            // already broken
        }
        long now = System.nanoTime();
        if (!warned || now - lastWarnNanos >= WARN_EVERY_NANOS) {
            LOG.warn("cannot send metrics to Graphite at {} ({}): {}; trying again at every report", address,
                    "gearpump.metrics.graphite.host/port", e.toString());
            warned = true;
            lastWarnNanos = now;
        }
    }
}
