package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.Request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A worker's or AppMaster's connection in a test: records what the master asks, answers with {@code answers}. */
final class FakePeer implements Peer {

    final List<Request<?>> asked = new ArrayList<>();
    private final String name;
    private final Function<Request<?>, Object> answers;
    private String closedBecause;

    FakePeer(String name, Function<Request<?>, Object> answers) {
        this.name = name;
        this.answers = answers;
    }

    @Override
    public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
        asked.add(request);
        if (closedBecause != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is closed: " + closedBecause));
        }
        return CompletableFuture.completedFuture(request.replyType().cast(answers.apply(request)));
    }

    @Override
    public boolean isOpen() {
        return closedBecause == null;
    }

    @Override
    public void close(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
    }

    @Override
    public String closeReason() {
        return closedBecause;
    }

    <T> List<T> asked(Class<T> type) {
        return asked.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
