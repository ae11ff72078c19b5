package dev.reelrank.vectorindex.lucene;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads of the index's pools (merges, bulk loads, refreshes): daemons, so they never keep a JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {}

    /** Threads named {@code name-1}, {@code name-2}, ... */
    static ThreadFactory named(String name) {
        var n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
