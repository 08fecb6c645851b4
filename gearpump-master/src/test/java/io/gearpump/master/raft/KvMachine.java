package io.gearpump.master.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state machine the tests replicate: string keys and values. Commands: {@code put k v}
 * (answers the previous value, empty when none) and {@code incr k} (answers the new count, not
 * idempotent, so a command applied twice shows). Query: {@code get k}.
 */
final class KvMachine implements StateMachine {

    private final TreeMap<String, String> data = new TreeMap<>();
    int applied;

    static byte[] put(String key, String value) {
        return bytes("put " + key + " " + value);
    }

    static byte[] incr(String key) {
        return bytes("incr " + key);
    }

    static byte[] get(String key) {
        return bytes("get " + key);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] apply(byte[] command) {
        applied++;
        String[] parts = string(command).split(" ");
        return switch (parts[0]) {
            case "put" -> {
                String previous = data.put(parts[1], parts[2]);
                yield bytes(previous == null ? "" : previous);
            }
            case "incr" -> {
                String next = Integer.toString(Integer.parseInt(data.getOrDefault(parts[1], "0")) + 1);
                data.put(parts[1], next);
                yield bytes(next);
            }
            default -> throw new IllegalArgumentException("unknown command " + string(command));
        };
    }

    @Override
    public byte[] query(byte[] query) {
        String[] parts = string(query).split(" ");
        String value = data.get(parts[1]);
        return bytes(value == null ? "" : value);
    }

    String value(String key) {
        return data.get(key);
    }

    Map<String, String> contents() {
        return Map.copyOf(data);
    }

    /** A digest of the contents, equal on nodes that applied the same commands. */
    int digest() {
        return data.hashCode();
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(data.size());
            for (Map.Entry<String, String> e : data.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restore(byte[] snapshot) {
        data.clear();
        if (snapshot.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                data.put(in.readUTF(), in.readUTF());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
