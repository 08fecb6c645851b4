package io.gearpump.master.rest;

import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.EdgeReport;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.ClientProtocol.AppMetricsHistory;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.CheckpointInfo;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.metrics.ExecutorSample;
import io.gearpump.core.metrics.ProcessorSample;
import io.gearpump.core.metrics.TaskSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON the API answers with: records that jackson writes field by field, made from the answers
 * of the master's protocol. Their names are the API's: change them only with a new API version.
 */
final class Views {

    private Views() {
    }

    record Error(String error, int status) {
    }

    record Redirect(String error, int status, String location) {
    }

    record Masters(List<Master> masters, String leader) {
        static Masters of(List<MasterInfo> infos) {
            String leader = infos.stream().filter(m -> m.role().name().equals("LEADER")).map(MasterInfo::address)
                    .findFirst().orElse("");
            return new Masters(infos.stream().map(Master::of).toList(), leader);
        }
    }

    /** {@code term}, {@code commitIndex} and {@code appliedIndex} are -1 for a master that did not answer (UNREACHABLE). */
    record Master(String address, String role, long term, long commitIndex, long appliedIndex, String leader, String restUrl) {
        static Master of(MasterInfo m) {
            return new Master(m.address(), m.role().name(), m.term(), m.commitIndex(), m.appliedIndex(), m.leader(), m.restUrl());
        }
    }

    record Workers(List<Worker> workers) {
    }

    /** {@code executors}: those hosting tasks of running applications, as their AppMasters last reported. */
    record Worker(int id, String address, String state, int slots, int slotsUsed, int slotsFree, long lastHeartbeatMillis,
                  String lastHeartbeat, List<Executor> executors) {
        static Worker of(WorkerInfo w, List<Executor> executors) {
            return new Worker(w.workerId(), w.address(), w.state().name(), w.slots(), w.slotsUsed(), w.slots() - w.slotsUsed(),
                    w.lastHeartbeatMillis(), Instant.ofEpochMilli(w.lastHeartbeatMillis()).toString(), executors);
        }
    }

    record Executor(int appId, int executorId, int tasks) {
    }

    record Apps(List<App> apps) {
        static Apps of(List<AppSummary> summaries) {
            return new Apps(summaries.stream().map(App::of).toList());
        }
    }

    /** One application as the masters replicate it. */
    record App(int id, String name, String state, String user, long submittedMillis, String submitted, String failure,
               long startClockMillis, String startClock, Checkpoint lastCheckpoint) {
        static App of(AppSummary s) {
            return new App(s.appId(), s.name(), s.state().name(), s.user(), s.submittedMillis(),
                    Instant.ofEpochMilli(s.submittedMillis()).toString(), s.failure(), s.startClockMillis(),
                    AppClock.describe(s.startClockMillis()), Checkpoint.of(s.checkpoint()));
        }
    }

    /** Null when the application has completed none. */
    record Checkpoint(long id, String location, long completedMillis, long bytes, long durationMillis) {
        static Checkpoint of(CheckpointInfo c) {
            return c == null || c.id() == 0 ? null
                    : new Checkpoint(c.id(), c.location(), c.completedMillis(), c.bytes(), c.durationMillis());
        }
    }

    /**
     * One application with its AppMaster's last report ({@code reported} false, and the rest empty,
     * before the first): the DAG's processors, where its tasks run, its clock, restarts and failures.
     */
    record AppDetail(App app, boolean reported, String reportedState, String guarantee, int restarts, long clockMillis,
                     String clock, String failure, String checkpointFailure, Dag dag, List<Task> tasks,
                     Map<String, Long> counters) {
        static AppDetail of(AppReport r) {
            App app = App.of(r.summary());
            ReportApp d = r.detail();
            if (d == null) {
                return new AppDetail(app, false, null, null, 0, AppClock.NONE, AppClock.describe(AppClock.NONE),
                        app.failure(), null, new Dag(List.of(), List.of()), List.of(), Map.of());
            }
            boolean ended = r.summary().state().isFinal();
            List<Processor> processors = d.processors().stream().map(p -> Processor.of(p, ended)).toList();
            List<Task> tasks = d.placement().stream().map(Task::of).toList();
            return new AppDetail(app, true, d.state().name(), d.guarantee() == null ? null : d.guarantee().name(), d.restarts(),
                    d.clockMillis(), AppClock.describe(d.clockMillis()), app.failure() != null ? app.failure() : d.failure(),
                    d.checkpointFailure(), new Dag(processors, d.edges().stream().map(Edge::of).toList()), tasks, new TreeMap<>(d.counters() == null ? Map.of() : d.counters()));
        }
    }

    /** The application's processors and the edges between them. */
    record Dag(List<Processor> processors, List<Edge> edges) {
    }

    /** Processor ids, and the partitioner's class name (e.g. HashPartitioner). */
    record Edge(int from, int to, String partitioner) {
        static Edge of(EdgeReport e) {
            return new Edge(e.from(), e.to(), e.partitioner());
        }
    }

    /**
     * {@code GET /apps/{id}/metrics}: the last second per processor, task and executor JVM (empty once
     * the application ended), and each processor's recent past, oldest first: {@code recent} about one
     * sample a second for 5 minutes, {@code minutes} one-minute averages for 6 hours. Times in
     * nanoseconds, {@code backPressured} a share of the time (0 to 1).
     */
    record Metrics(int appId, List<ProcessorSample> processors, List<TaskSample> tasks, List<ExecutorSample> executors,
                   List<ProcessorSample> recent, List<ProcessorSample> minutes) {
        static Metrics of(AppMetricsHistory h) {
            return new Metrics(h.appId(), h.latest().processors(), h.latest().tasks(), h.latest().executors(), h.recent(),
                    h.minutes());
        }
    }

    /**
     * {@code received} and {@code sent} count the running attempt, {@code receivedTotal} and {@code sentTotal}
     * every attempt since submission; {@code receivedPerSecond}: null once the application has ended.
     */
    record Processor(int id, String description, int parallelism, long received, long sent, long receivedTotal,
                     long sentTotal, Double receivedPerSecond) {
        static Processor of(ProcessorReport p, boolean ended) {
            return new Processor(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(),
                    Math.max(p.receivedTotal(), p.received()), Math.max(p.sentTotal(), p.sent()), ended ? null : p.receivedPerSecond());
        }
    }

    record Task(int processorId, int index, int executorId, int workerId) {
        static Task of(TaskPlacement t) {
            return new Task(t.processorId(), t.index(), t.executorId(), t.workerId());
        }
    }

    /** The answer to a submission: {@code appIds} the application ids its main printed so far (usually one). */
    record Submission(String id, String jar, String log, long pid, boolean running, Integer exitCode, Integer appId,
                      List<Integer> appIds) {
        static Submission of(Submissions.Submission s, List<Integer> appIds) {
            Integer exit = s.process().isAlive() ? null : s.process().exitValue();
            return new Submission(s.id(), s.jar().toString(), s.log().toString(), s.process().pid(), exit == null, exit,
                    appIds.isEmpty() ? null : appIds.get(0), new ArrayList<>(appIds));
        }
    }
}
