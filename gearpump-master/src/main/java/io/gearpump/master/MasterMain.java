package io.gearpump.master;

import io.gearpump.core.config.DistributionConf;
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
 * {@code java -jar gearpump-master.jar [-ip HOST] [-port PORT] [-restport PORT]}: runs a master until the
 * process is stopped. Without options it listens on the first address of {@code gearpump.cluster.masters}; in
 * a group of three or five, give each master its own entry's -ip and -port (and, on one host, its own
 * -restport). Its Raft log and snapshots live in {@code gearpump.master.dir}/HOST_PORT, so it restarts from
 * where it was; jars submitted through its REST API ({@code gearpump.rest.port}, or -restport) and their
 * logs in HOST_PORT/submissions.
 */
public final class MasterMain {

    private MasterMain() {
    }

    static final String USAGE = "master [-ip HOST] [-port PORT] [-restport PORT]";

    public static void main(String[] args) throws Exception {
        GearConfig config;
        InetSocketAddress bind;
        try {
            DistributionConf.useIfUnnamed();
            config = GearConfig.load();
            Options options = parse(args, config);
            bind = options.bind();
            if (options.restPort() != null) {
                config = config.with(GearConfig.REST_PORT.name(), options.restPort().toString());
            }
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

    /** The command line: where to bind, and the REST API's port when {@code -restport} overrides the configuration's. */
    record Options(InetSocketAddress bind, Integer restPort) {
    }

    static Options parse(String[] args, GearConfig config) {
        InetSocketAddress first = NodeContext.parseAddress(config.get(GearConfig.MASTERS).split(",")[0]);
        String host = first.getHostString();
        int port = first.getPort();
        Integer restPort = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "-ip" -> host = require(value, "-ip");
                case "-port" -> port = parsePort(require(value, "-port"), "-port", 0);
                case "-restport" -> restPort = parsePort(require(value, "-restport"), "-restport", -1);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; usage: " + USAGE);
            }
            i++;
        }
        return new Options(new InetSocketAddress(host, port), restPort);
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return value;
    }

    private static int parsePort(String s, String option, int lowest) {
        try {
            int p = Integer.parseInt(s);
            if (p < lowest || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be " + lowest + "..65535, got '" + s + "'");
        }
    }
}
