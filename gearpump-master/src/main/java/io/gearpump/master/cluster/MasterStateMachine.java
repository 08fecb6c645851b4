package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.ClientProtocol.CheckpointInfo;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.master.raft.StateMachine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The master's durable state as Raft replicates it: {@link MasterCommand}s and snapshots of
 * {@link MasterState} in a fixed binary layout (a version byte first), so every master applies the
 * same bytes the same way. Version 3 added AppMaster epochs (the {@code ReplaceAppMaster} command, the
 * epoch of {@code AddExecutors}, and each application's epoch and first executor of that epoch in
 * snapshots); version 4 the last completed checkpoint ({@code CompleteCheckpoint}, and each
 * application's in snapshots); version 5 the masters' REST addresses ({@code SetRestAddress}, and a
 * section of snapshots); version 6 the applications' attempts ({@code StartAttempt}, and a last section
 * of snapshots). Version 5 snapshots read with no attempt recorded, version 4 with no REST address known, version 3 logs and
 * snapshots with no checkpoint recorded either, and version 2 as epoch 1 with nothing fenced. Everything here
 * runs on the Raft host's thread; each applied command,
 * and each restored snapshot, is also handed to the master agent's mailbox, in log order, so the
 * agent's mirror of the state is always a prefix of the log and never shared between threads.
 */
final class MasterStateMachine implements StateMachine {

    private static final byte WITH_ATTEMPTS = 6;
    private static final byte VERSION = WITH_ATTEMPTS;
    private static final byte WITH_REST = 5;
    private static final byte WITH_CHECKPOINTS = 4;
    private static final byte WITH_EPOCHS = 3;
    private static final byte FIRST_VERSION = 2;
    private static final byte ADD_APP = 1;
    private static final byte SET_APP_STATE = 2;
    private static final byte ADD_WORKER = 3;
    private static final byte SET_APP_CLOCK = 4;
    private static final byte ADD_EXECUTORS = 5;
    private static final byte RETIRE_WORKER = 6;
    private static final byte REPLACE_APPMASTER = 7;
    private static final byte COMPLETE_CHECKPOINT = 8;
    private static final byte SET_REST_ADDRESS = 9;
    private static final byte START_ATTEMPT = 10;

    private final Mailbox<MasterInput> agent;
    private MasterState state = new MasterState();

    MasterStateMachine(Mailbox<MasterInput> agent) {
        this.agent = agent;
    }

    /** The Raft host's copy: for tests that drive the machine by hand. */
    MasterState state() {
        return state;
    }

    static byte[] encode(MasterCommand command) {
        return write(out -> {
            out.writeByte(VERSION);
            switch (command) {
                case MasterCommand.AddApp a -> {
                    out.writeByte(ADD_APP);
                    writeSubmission(out, a);
                }
                case MasterCommand.SetAppState s -> {
                    out.writeByte(SET_APP_STATE);
                    out.writeInt(s.appId());
                    writeString(out, s.state().name());
                    writeString(out, s.failure());
                }
                case MasterCommand.SetAppClock c -> {
                    out.writeByte(SET_APP_CLOCK);
                    out.writeInt(c.appId());
                    out.writeLong(c.clockMillis());
                }
                case MasterCommand.AddExecutors e -> {
                    out.writeByte(ADD_EXECUTORS);
                    out.writeInt(e.appId());
                    out.writeInt(e.count());
                    out.writeInt(e.epoch());
                }
                case MasterCommand.ReplaceAppMaster r -> {
                    out.writeByte(REPLACE_APPMASTER);
                    out.writeInt(r.appId());
                }
                case MasterCommand.CompleteCheckpoint c -> {
                    out.writeByte(COMPLETE_CHECKPOINT);
                    out.writeInt(c.appId());
                    out.writeInt(c.epoch());
                    out.writeLong(c.checkpointId());
                    writeString(out, c.location());
                    out.writeLong(c.completedMillis());
                    out.writeLong(c.bytes());
                    out.writeLong(c.durationMillis());
                }
                case MasterCommand.SetRestAddress r -> {
                    out.writeByte(SET_REST_ADDRESS);
                    writeString(out, r.master());
                    writeString(out, r.url());
                    out.writeLong(r.term());
                }
                case MasterCommand.StartAttempt s -> {
                    out.writeByte(START_ATTEMPT);
                    out.writeInt(s.appId());
                    out.writeInt(s.epoch());
                    out.writeInt(s.attempt());
                    writeCounts(out, s.countedBefore());
                }
                case MasterCommand.AddWorker w -> out.writeByte(ADD_WORKER);
                case MasterCommand.RetireWorker r -> {
                    out.writeByte(RETIRE_WORKER);
                    out.writeInt(r.workerId());
                }
            }
        });
    }

    static MasterCommand decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = checkVersion(in.readByte());
            byte tag = in.readByte();
            return switch (tag) {
                case ADD_APP -> readSubmission(in);
                case SET_APP_STATE -> new MasterCommand.SetAppState(in.readInt(), readState(in), readString(in));
                case SET_APP_CLOCK -> new MasterCommand.SetAppClock(in.readInt(), in.readLong());
                case ADD_EXECUTORS -> new MasterCommand.AddExecutors(in.readInt(), in.readInt(),
                        version == FIRST_VERSION ? 0 : in.readInt());
                case REPLACE_APPMASTER -> new MasterCommand.ReplaceAppMaster(in.readInt());
                case COMPLETE_CHECKPOINT -> new MasterCommand.CompleteCheckpoint(in.readInt(), in.readInt(), in.readLong(),
                        readString(in), in.readLong(), in.readLong(), in.readLong());
                case SET_REST_ADDRESS -> new MasterCommand.SetRestAddress(readString(in), readString(in), in.readLong());
                case START_ATTEMPT -> new MasterCommand.StartAttempt(in.readInt(), in.readInt(), in.readInt(), readCounts(in));
                case ADD_WORKER -> new MasterCommand.AddWorker();
                case RETIRE_WORKER -> new MasterCommand.RetireWorker(in.readInt());
                default -> throw new IllegalArgumentException("unknown master command tag " + tag);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("a master command does not decode", e);
        }
    }

    @Override
    public byte[] apply(byte[] command) {
        MasterCommand decoded = decode(command);
        Integer result = state.apply(decoded);
        agent.offer(new MasterInput.Applied(decoded)); // before the proposer hears of it: the agent sees it first
        return result == null ? new byte[0] : write(out -> out.writeInt(result));
    }

    /** Reads are a barrier only (ReadIndex): the agent then reads its mirror, which has every command applied before. */
    @Override
    public byte[] query(byte[] query) {
        return new byte[0];
    }

    @Override
    public byte[] snapshot() {
        int lastAppId = state.lastAppId();
        int lastWorkerId = state.lastWorkerId();
        Set<Integer> retired = state.retiredWorkers();
        List<MasterState.App> apps = state.apps();
        Map<String, MasterState.RestAddress> rest = state.restAddresses();
        Map<Integer, MasterState.Attempts> attempts = state.attempts();
        return write(out -> {
            out.writeByte(VERSION);
            out.writeInt(lastAppId);
            out.writeInt(lastWorkerId);
            out.writeInt(retired.size());
            for (int id : retired) {
                out.writeInt(id);
            }
            out.writeInt(apps.size());
            for (MasterState.App a : apps) {
                out.writeInt(a.appId());
                writeSubmission(out, new MasterCommand.AddApp(a.name(), a.user(), a.jarName(), a.jar(), a.app(),
                        a.executors(), a.submittedMillis()));
                writeString(out, a.state().name());
                writeString(out, a.failure());
                out.writeLong(a.startClockMillis());
                out.writeInt(a.lastExecutorId());
                out.writeInt(a.appMasterEpoch());
                out.writeInt(a.firstExecutorOfEpoch());
                out.writeLong(a.checkpoint().id());
                writeString(out, a.checkpoint().location());
                out.writeLong(a.checkpoint().completedMillis());
                out.writeLong(a.checkpoint().bytes());
                out.writeLong(a.checkpoint().durationMillis());
            }
            out.writeInt(rest.size());
            for (Map.Entry<String, MasterState.RestAddress> r : rest.entrySet()) {
                writeString(out, r.getKey());
                writeString(out, r.getValue().url());
                out.writeLong(r.getValue().term());
            }
            out.writeInt(attempts.size());
            for (Map.Entry<Integer, MasterState.Attempts> a : attempts.entrySet()) {
                out.writeInt(a.getKey());
                out.writeInt(a.getValue().started());
                out.writeInt(a.getValue().epoch());
                out.writeInt(a.getValue().attempt());
                writeCounts(out, a.getValue().countedBefore());
            }
        });
    }

    @Override
    public void restore(byte[] snapshot) {
        MasterState restored = new MasterState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            byte version = checkVersion(in.readByte());
            int lastAppId = in.readInt();
            int lastWorkerId = in.readInt();
            Set<Integer> retired = new TreeSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                retired.add(in.readInt());
            }
            for (int i = in.readInt(); i > 0; i--) {
                int appId = in.readInt();
                MasterCommand.AddApp s = readSubmission(in);
                AppState state = readState(in);
                String failure = readString(in);
                long startClock = in.readLong();
                int lastExecutorId = in.readInt();
                boolean epochs = version >= WITH_EPOCHS;
                int epoch = epochs ? in.readInt() : 1;
                int firstExecutorOfEpoch = epochs ? in.readInt() : 1;
                CheckpointInfo checkpoint = version >= WITH_CHECKPOINTS ? new CheckpointInfo(in.readLong(), readString(in),
                        in.readLong(), in.readLong(), in.readLong()) : CheckpointInfo.NONE;
                restored.put(new MasterState.App(appId, s.name(), s.user(), s.jarName(), s.jar(), s.app(), s.executors(),
                        s.submittedMillis(), state, failure, startClock, lastExecutorId, epoch, firstExecutorOfEpoch, checkpoint));
            }
            if (version >= WITH_REST) {
                for (int i = in.readInt(); i > 0; i--) {
                    restored.putRestAddress(readString(in), new MasterState.RestAddress(readString(in), in.readLong()));
                }
            }
            if (version >= WITH_ATTEMPTS) {
                for (int i = in.readInt(); i > 0; i--) {
                    restored.putAttempts(in.readInt(), new MasterState.Attempts(in.readInt(), in.readInt(), in.readInt(), readCounts(in)));
                }
            }
            restored.restoreCounters(lastAppId, lastWorkerId, retired);
        } catch (IOException e) {
            throw new UncheckedIOException("a master snapshot does not decode", e);
        }
        state = restored;
        agent.offer(new MasterInput.Restored(restored.copy()));
    }

    private static void writeCounts(DataOutputStream out, List<ProcessedCounts> counts) throws IOException {
        out.writeInt(counts.size());
        for (ProcessedCounts c : counts) {
            out.writeInt(c.processorId());
            out.writeLong(c.received());
            out.writeLong(c.sent());
        }
    }

    private static List<ProcessedCounts> readCounts(DataInputStream in) throws IOException {
        List<ProcessedCounts> counts = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            counts.add(new ProcessedCounts(in.readInt(), in.readLong(), in.readLong()));
        }
        return counts;
    }

    /** A submission's fields: the AddApp command, and the first part of every application in a snapshot. */
    private static void writeSubmission(DataOutputStream out, MasterCommand.AddApp a) throws IOException {
        writeString(out, a.name());
        writeString(out, a.user());
        writeString(out, a.jarName());
        writeBytes(out, a.jar());
        writeBytes(out, a.app());
        out.writeInt(a.executors());
        out.writeLong(a.submittedMillis());
    }

    private static MasterCommand.AddApp readSubmission(DataInputStream in) throws IOException {
        return new MasterCommand.AddApp(readString(in), readString(in), readString(in), readBytes(in), readBytes(in),
                in.readInt(), in.readLong());
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte checkVersion(byte v) {
        if (v < FIRST_VERSION || v > VERSION) {
            throw new IllegalArgumentException("master state version " + v + " is not one of " + FIRST_VERSION
                    + " to " + VERSION);
        }
        return v;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** States are stored by name (the layout of version 2, when they were strings). */
    private static AppState readState(DataInputStream in) throws IOException {
        String name = readString(in);
        try {
            return AppState.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("unknown application state '" + name + "'");
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.available()) {
            throw new IOException("a length of " + n + " bytes is longer than what is left");
        }
        return in.readNBytes(n);
    }
}
