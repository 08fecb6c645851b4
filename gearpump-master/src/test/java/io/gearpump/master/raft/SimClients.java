package io.gearpump.master.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Clients of a {@link SimCluster} writing and reading a few registers, recording a {@link History}.
 * Each client has one operation at a time; it sends it to the node it believes leads, follows
 * redirects, and after a timeout retries at another node. Writes carry the client's id and a
 * sequence number, kept across retries, so the group applies each once. Every value written is
 * unique. Confined to the simulation's thread.
 */
final class SimClients {

    private final SimCluster cluster;
    private final Random random;
    private final List<String> keys;
    private final List<Client> clients = new ArrayList<>();
    final History history = new History();
    private long nextOpId = 1;
    boolean generating = true;
    double opRate = 0.02;
    int timeout = 300;

    private final class Client {
        final String name;
        final long clientId;
        long sequence;
        History.Op op;
        long opId;
        SimCluster.ClientRequest request;
        String target;
        long sendAt;

        Client(String name, long clientId) {
            this.name = name;
            this.clientId = clientId;
            cluster.registerClient(name, this::onReply);
        }

        void step() {
            if (op == null) {
                if (generating && random.nextDouble() < opRate) {
                    start();
                }
                return;
            }
            if (cluster.now >= sendAt) {
                cluster.sendFromClient(name, target, request);
                sendAt = cluster.now + timeout;
                target = anyNode(); // if this attempt times out, try elsewhere
            }
        }

        private void start() {
            String key = keys.get(random.nextInt(keys.size()));
            opId = nextOpId++;
            if (random.nextBoolean()) {
                sequence++;
                String value = name + "." + sequence;
                op = history.call(name, key, new RegisterModel.Put(value));
                request = new SimCluster.ClientRequest(opId, name, clientId, sequence, KvMachine.put(key, value), null);
            } else {
                op = history.call(name, key, RegisterModel.GET);
                request = new SimCluster.ClientRequest(opId, name, 0, 0, null, KvMachine.get(key));
            }
            if (target == null) {
                target = anyNode();
            }
            sendAt = cluster.now;
        }

        void onReply(SimCluster.ClientReply reply) {
            if (op == null || reply.opId() != opId) {
                return; // a late or repeated answer to an operation already finished
            }
            if (reply.ok()) {
                history.returned(op, KvMachine.string(reply.value()));
                op = null;
            } else {
                target = reply.leaderHint() != null ? reply.leaderHint() : anyNode();
                sendAt = cluster.now + 1 + random.nextInt(20);
            }
        }
    }

    SimClients(SimCluster cluster, Random random, int count, List<String> keys) {
        this.cluster = cluster;
        this.random = random;
        this.keys = keys;
        for (int i = 1; i <= count; i++) {
            clients.add(new Client("c" + i, 1000 + i));
        }
    }

    void step() {
        for (Client c : clients) {
            c.step();
        }
    }

    boolean idle() {
        return clients.stream().allMatch(c -> c.op == null);
    }

    private String anyNode() {
        return cluster.ids.get(random.nextInt(cluster.ids.size()));
    }
}
