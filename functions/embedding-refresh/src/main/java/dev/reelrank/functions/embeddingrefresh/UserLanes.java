package dev.reelrank.functions.embeddingrefresh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/** Runs lanes at once (at most {@code parallelism}), each on a virtual thread, and waits for all of them. */
final class UserLanes {
    private UserLanes() {}

    /** Rethrows the first lane failure once every lane has ended, so no lane is left running behind a failed batch. */
    static <L> void run(Collection<L> lanes, int parallelism, Consumer<L> work) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
        if (lanes.size() == 1 || parallelism == 1) {
            lanes.forEach(work);
            return;
        }
        var permits = new Semaphore(parallelism);
        List<Future<?>> running = new ArrayList<>(lanes.size());
        RuntimeException failure = null;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (L lane : lanes) {
                permits.acquireUninterruptibly();
                running.add(executor.submit(() -> {
                    try {
                        work.accept(lane);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (failure == null) failure = new IllegalStateException("interrupted while folding a batch", e);
                }
            }
        }
        if (failure != null) throw failure;
    }
}
