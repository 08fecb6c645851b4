package io.gearpump.master.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The user's {@link StateMachine} plus the client sessions that make retried commands apply once:
 * everything committed entries are applied to, and what a snapshot holds. Snapshot layout:
 * {@code int magic, sessions (see ClientSessions), int length + the user state machine's bytes}.
 * Confined to the node's thread.
 */
final class ReplicatedState {

    private static final int MAGIC = 0x47505253; // "GPRS"

    /** What applying one entry gave: a result for its client, or a sequence that was too old to answer. */
    record Outcome(byte[] result, boolean duplicate, long expiredLastSequence) {
        boolean expired() {
            return expiredLastSequence >= 0;
        }
    }

    private static final Outcome NOTHING = new Outcome(null, false, -1);

    private final StateMachine machine;
    private final ClientSessions sessions;

    ReplicatedState(StateMachine machine, int maxSessions) {
        this.machine = machine;
        this.sessions = new ClientSessions(maxSessions);
    }

    Outcome apply(LogEntry e) {
        return switch (e.kind()) {
            case NO_OP -> NOTHING;
            case COMMAND -> applyCommand(e);
        };
    }

    private Outcome applyCommand(LogEntry e) {
        if (e.clientId() == LogEntry.NO_CLIENT) {
            return new Outcome(machine.apply(e.command()), false, -1);
        }
        ClientSessions.Session s = sessions.get(e.clientId());
        if (s != null && e.sequence() <= s.sequence()) {
            return e.sequence() == s.sequence() ? new Outcome(s.result(), true, -1)
                    : new Outcome(null, true, s.sequence());
        }
        byte[] result = machine.apply(e.command());
        sessions.record(e.clientId(), e.sequence(), e.index(), result);
        return new Outcome(result, false, -1);
    }

    /** The answer already known for a client's command, or null when it was not applied yet. */
    Outcome known(long clientId, long sequence) {
        ClientSessions.Session s = clientId == LogEntry.NO_CLIENT ? null : sessions.get(clientId);
        if (s == null || sequence > s.sequence()) {
            return null;
        }
        return sequence == s.sequence() ? new Outcome(s.result(), true, -1) : new Outcome(null, true, s.sequence());
    }

    byte[] query(byte[] query) {
        return machine.query(query);
    }

    byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            sessions.writeTo(out);
            ClientSessions.writeBytes(out, machine.snapshot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void restore(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a replicated-state snapshot (bad magic)");
            }
            sessions.readFrom(in);
            byte[] user = ClientSessions.readBytes(in);
            machine.restore(user == null ? new byte[0] : user);
        } catch (IOException e) {
            throw new IllegalArgumentException("a corrupt snapshot: " + e.getMessage(), e);
        }
    }

    int sessionCount() {
        return sessions.size();
    }
}
