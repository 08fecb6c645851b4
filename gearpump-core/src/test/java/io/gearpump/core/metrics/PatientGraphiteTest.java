package io.gearpump.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An unreachable Graphite drops that report without an exception, and the next report reaches it once it is up. */
@Timeout(30)
class PatientGraphiteTest {

    @Test
    void aDownServerCostsOneDroppedReportAndTheNextOneGetsThrough() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        PatientGraphite graphite = new PatientGraphite("127.0.0.1", port);

        graphite.connect(); // nobody listens: refused, quietly
        graphite.send("dropped.metric", "1", 100);
        graphite.flush();
        assertFalse(graphite.isConnected());

        try (ServerSocket carbon = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            graphite.connect();
            graphite.send("app1.processor0.task0:receiveThroughput.count", "42", 1_700_000_000);
            graphite.flush();
            assertTrue(graphite.isConnected());
            try (Socket s = carbon.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("app1.processor0.task0:receiveThroughput.count 42 1700000000", in.readLine());
            }
        } finally {
            graphite.close();
        }
    }
}
