package io.gearpump.master;

import io.gearpump.core.config.GearConfig;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.net.node.NodeContext;

import io.gearpump.master.raft.FileStorage;
import io.gearpump.master.rest.RestServer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gearpump-master.jar [-ip HOST] [-port PORT]}: runs a master until the process is
 * stopped. Without options it listens on the first address of {@code gearpump.cluster.masters}; in
 * a group of three or five, give each master its own entry's -ip and -port. Its Raft log and
 * snapshots live in {@code gearpump.master.dir}/HOST_PORT, so it restarts from where it was; jars
 * submitted through its REST API ({@code gearpump.rest.port}) and their logs in HOST_PORT/submissions.
 */
public final class MasterMain {

    private MasterMain() {
    }

    public static void main(String[] args) throws Exception {
        GearConfig config;
        InetSocketAddress bind;
        try {
            config = GearConfig.load();
            bind = bindAddress(args, config);
        } catch (IllegalArgumentException e) {
            System.err.println("master: " + e.getMessage());
            System.exit(2);
            return;
        }
        NodeContext node = MasterService.startNode("master", config, MasterMain.class.getClassLoader());
        MasterService master;
        Path dir = Path.of(config.get(GearConfig.MASTER_DIR)).resolve(bind.getHostString() + "_" + bind.getPort());
        try {
            master = new MasterService(node, bind, Clock.systemUTC(), FileStorage.open(dir, "master " + NodeContext.format(bind)));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("master: " + e.getMessage());
            node.close();
            System.exit(1);
            return;
        }
        RestServer rest;
        try {
            rest = RestServer.startIfEnabled(master, dir.resolve("submissions"));
        } catch (java.io.IOException | RuntimeException e) { // e.g. the port is taken
            System.err.println("master: the REST API (" + GearConfig.REST_PORT.name() + " = " + config.get(GearConfig.REST_PORT)
                    + ") cannot listen: " + e.getMessage());
            master.close();
            node.close();
            System.exit(1);
            return;
        }
        System.out.println("master listening on " + master.address());
        if (rest != null) {
            System.out.println("REST API on " + rest.url());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (rest != null) {
                rest.close();
            }
            master.close();
            node.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static InetSocketAddress bindAddress(String[] args, GearConfig config) {
        InetSocketAddress first = NodeContext.parseAddress(config.get(GearConfig.MASTERS).split(",")[0]);
        String host = first.getHostString();
        int port = first.getPort();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "-ip" -> host = require(value, "-ip");
                case "-port" -> port = parsePort(require(value, "-port"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; usage: master [-ip HOST] [-port PORT]");
            }
            i++;
        }
        return new InetSocketAddress(host, port);
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return value;
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-port must be 0..65535, got '" + s + "'");
        }
    }
}
