package io.gearpump.core.cluster;

import io.gearpump.core.api.AppState;

import java.util.ArrayList;
import java.util.HashMap;

/** Between an application's AppMaster and the leading master. */
public final class AppMasterProtocol {

    private AppMasterProtocol() {
    }

    /** AppMaster -> master. */
    public sealed interface AppMasterRequest<R> extends MasterRequest<R> {
    }

    /** Master -> AppMaster. */
    public sealed interface AppMasterCommand<R> extends Request<R> {
    }

    /** The master starts {@code count} executors for the application. */
    public record RequestExecutors(int appId, int count, String appMasterAddress) implements AppMasterRequest<ExecutorsGranted> {
        @Override
        public Class<ExecutorsGranted> replyType() {
            return ExecutorsGranted.class;
        }
    }

    public record ExecutorsGranted(ArrayList<Integer> executorIds, ArrayList<Integer> workerIds) {
    }

    /** The AppMaster's view of its application, sent periodically and on changes. */
    public record ReportApp(int appId, AppState state, String failure, int restarts, long clockMillis,
                            ArrayList<ProcessorReport> processors, ArrayList<TaskPlacement> placement,
                            HashMap<String, Long> counters) implements AppMasterRequest<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    public record ProcessorReport(int processorId, String description, int parallelism, long received, long sent,
                                  double receivedPerSecond) {
    }

    public record TaskPlacement(int processorId, int index, int executorId, int workerId) {
    }

    /** The application ended: {@code state} is SUCCEEDED or FAILED. */
    public record AppFinished(int appId, AppState state, String failure) implements AppMasterRequest<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** Drain the running attempt: its sources end, the rest processes what is in flight. */
    public record DrainApp(int appId) implements AppMasterCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }
}
