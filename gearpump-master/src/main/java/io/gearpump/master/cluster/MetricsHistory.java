package io.gearpump.master.cluster;

import io.gearpump.core.metrics.ProcessorSample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent past of every application's processor metrics, so a chart can be drawn the moment it
 * opens: the last {@link #SECONDS} samples at the AppMaster's pace (about one a second) and the last
 * {@link #MINUTES} one-minute averages. Kept for the {@link #APPS} applications reported or read most recently. Soft state:
 * a new leader starts without it. Confined to the master agent's thread.
 */
final class MetricsHistory {

    static final int SECONDS = 300;
    static final int MINUTES = 360;
    static final int APPS = 100;
    private static final long MINUTE_MILLIS = 60_000;

    private final Map<Integer, Map<Integer, Series>> apps = new LinkedHashMap<>(16, 0.75f, true) { // the least recently reported go first
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Map<Integer, Series>> eldest) {
            return size() > APPS;
        }
    };

    /** One report's processor samples of application {@code appId}. */
    void record(int appId, List<ProcessorSample> samples) {
        Map<Integer, Series> byProcessor = apps.computeIfAbsent(appId, id -> new TreeMap<>());
        for (ProcessorSample s : samples) {
            byProcessor.computeIfAbsent(s.processorId(), id -> new Series()).add(s);
        }
    }

    /** Every processor's samples at the finest grain kept, oldest first; empty for an unknown application. */
    List<ProcessorSample> recent(int appId) {
        return recent(appId, Long.MIN_VALUE);
    }

    /** The same, only those after {@code sinceMillis}. */
    List<ProcessorSample> recent(int appId, long sinceMillis) {
        List<ProcessorSample> out = new ArrayList<>();
        apps.getOrDefault(appId, Map.of()).values().forEach(s -> s.seconds.stream()
                .filter(p -> p.timeMillis() > sinceMillis).forEach(out::add));
        return out;
    }

    /** Every processor's one-minute averages, oldest first (the minute still filling is not among them). */
    List<ProcessorSample> minutes(int appId) {
        List<ProcessorSample> out = new ArrayList<>();
        apps.getOrDefault(appId, Map.of()).values().forEach(s -> out.addAll(s.minutes));
        return out;
    }

    /** One processor's samples: a ring of recent ones, a ring of minute averages and the minute filling up. */
    private static final class Series {
        final ArrayDeque<ProcessorSample> seconds = new ArrayDeque<>();
        final ArrayDeque<ProcessorSample> minutes = new ArrayDeque<>();
        final List<ProcessorSample> thisMinute = new ArrayList<>();

        void add(ProcessorSample s) {
            if (!thisMinute.isEmpty() && minuteOf(thisMinute.get(0)) != minuteOf(s)) {
                keep(minutes, average(thisMinute), MINUTES);
                thisMinute.clear();
            }
            thisMinute.add(s);
            keep(seconds, s, SECONDS);
        }

        private static long minuteOf(ProcessorSample s) {
            return Math.floorDiv(s.timeMillis(), MINUTE_MILLIS);
        }

        private static void keep(ArrayDeque<ProcessorSample> ring, ProcessorSample s, int capacity) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(s);
        }

        /** Rates, medians and depths averaged; a p99 and the back-pressure share are the minute's worst. */
        private static ProcessorSample average(List<ProcessorSample> in) {
            int n = in.size();
            ProcessorSample first = in.get(0);
            return new ProcessorSample(first.processorId(), minuteOf(first) * MINUTE_MILLIS,
                    in.stream().mapToDouble(ProcessorSample::receivedPerSecond).sum() / n,
                    in.stream().mapToDouble(ProcessorSample::sentPerSecond).sum() / n,
                    Math.round(in.stream().mapToLong(ProcessorSample::processNanosP50).average().orElse(0)),
                    in.stream().mapToLong(ProcessorSample::processNanosP99).max().orElse(0),
                    Math.round(in.stream().mapToLong(ProcessorSample::latencyNanosP50).average().orElse(0)),
                    in.stream().mapToLong(ProcessorSample::latencyNanosP99).max().orElse(0),
                    Math.round(in.stream().mapToLong(ProcessorSample::inboxDepth).average().orElse(0)),
                    in.stream().mapToDouble(ProcessorSample::backPressured).max().orElse(0),
                    in.stream().mapToInt(ProcessorSample::tasks).max().orElse(0));
        }
    }
}
