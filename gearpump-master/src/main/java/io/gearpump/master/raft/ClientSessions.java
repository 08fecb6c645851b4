package io.gearpump.master.raft;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per client, the last sequence number applied and its result: part of the replicated state (every
 * node builds the same table from the same log, and it travels in snapshots), so a command retried
 * after a leader change or a lost answer is answered from here instead of applied again.
 *
 * <p>Clients send one command at a time: sequence numbers grow, and a client sends its next
 * command only after an answer to the previous one. When more than {@code maxSessions} clients are
 * known, the one whose last command is oldest in the log is forgotten (the same one on every node).
 * Confined to the node's thread.
 */
final class ClientSessions {

    /** A client's last applied command. */
    record Session(long sequence, long index, byte[] result) {
    }

    private final int maxSessions;
    /** In order of the index of each client's last command, oldest first. */
    private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>();

    ClientSessions(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    Session get(long clientId) {
        return sessions.get(clientId);
    }

    void record(long clientId, long sequence, long index, byte[] result) {
        sessions.remove(clientId);
        sessions.put(clientId, new Session(sequence, index, result));
        if (sessions.size() > maxSessions) {
            Iterator<Map.Entry<Long, Session>> oldest = sessions.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    int size() {
        return sessions.size();
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(sessions.size());
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
            Session s = e.getValue();
            out.writeLong(e.getKey());
            out.writeLong(s.sequence());
            out.writeLong(s.index());
            writeBytes(out, s.result());
        }
    }

    void readFrom(DataInputStream in) throws IOException {
        sessions.clear();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative session count " + n);
        }
        for (int i = 0; i < n; i++) {
            long client = in.readLong();
            long sequence = in.readLong();
            long index = in.readLong();
            sessions.put(client, new Session(sequence, index, readBytes(in)));
        }
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < -1 || length > in.available()) {
            throw new IOException("a length of " + length + " bytes with " + in.available() + " left");
        }
        return length < 0 ? null : in.readNBytes(length);
    }
}
