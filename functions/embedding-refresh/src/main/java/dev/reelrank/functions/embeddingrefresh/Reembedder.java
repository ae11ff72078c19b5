package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.model.ActiveUsers;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.UserRewriter;
import dev.reelrank.model.UserRewriter.Outcome;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * After a rollout, gives every recently active user an embedding of the new version, so the feed
 * reads a stored vector instead of running the user tower on the request path for each of them.
 * Correctness never depends on it (the feed uses only embeddings of the version it serves); it
 * brings back the fast path. Users are read from {@link ActiveUsers}, newest day first, and
 * rewritten through {@link UserRewriter}, so an interaction folded meanwhile is never undone.
 *
 * <p>Every replica of the function runs the whole job: rewrites are idempotent and lose to newer
 * writes, so the cost of a second replica is duplicate reads, not wrong data.
 */
final class Reembedder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Reembedder.class);

    private final ActiveUsers active;
    private final UserRewriter rewriter;
    private final ReembedSettings settings;
    private final Clock clock;
    private final AtomicReference<Job> running = new AtomicReference<>();

    Reembedder(ActiveUsers active, UserRewriter rewriter, ReembedSettings settings, Clock clock) {
        if (settings.activeDays() < 1 || settings.activeDays() > 30) throw new IllegalArgumentException("reembed.active-days must be in [1, 30]");
        if (settings.parallelism() < 1) throw new IllegalArgumentException("reembed.parallelism must be >= 1");
        this.active = active;
        this.rewriter = rewriter;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Starts re-embedding, with {@code model}, the users whose stored embedding is of {@code replaced};
     * a job still running for an earlier rollout stops. Users with any other version are left to
     * their next event: the job only undoes what this switch made stale, never state it knows
     * nothing about.
     */
    void start(TwoTowerModel model, String replaced) {
        if (!settings.enabled()) return;
        Job job = new Job(model, replaced);
        Job previous = running.getAndSet(job);
        if (previous != null) previous.cancel();
        job.thread = Thread.ofPlatform().daemon().name("reembed-" + model.version()).start(job::run);
    }

    /** The job of the latest rollout, for tests and health: null before any. */
    Job current() {
        return running.get();
    }

    @Override
    public void close() {
        Job job = running.getAndSet(null);
        if (job != null) job.cancel();
    }

    final class Job {
        private final TwoTowerModel model;
        private final String replaced;
        private final AtomicLong rewritten = new AtomicLong(), current = new AtomicLong(), missing = new AtomicLong(),
                failed = new AtomicLong(), partsDone = new AtomicLong();
        private volatile boolean cancelled;
        private volatile boolean finished;
        private volatile Thread thread;
        private volatile ExecutorService pool;

        Job(TwoTowerModel model, String replaced) {
            this.model = model;
            this.replaced = replaced;
        }

        String version() {
            return model.version();
        }

        boolean finished() {
            return finished;
        }

        long rewritten() {
            return rewritten.get();
        }

        void cancel() {
            cancelled = true;
            var p = pool;
            if (p != null) p.shutdownNow();
        }

        private void run() {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            List<Runnable> units = new ArrayList<>();
            for (int d = 0; d < settings.activeDays(); d++) {
                LocalDate day = today.minusDays(d);
                for (int part = 0; part < active.parts(); part++) {
                    int p = part;
                    units.add(() -> reembed(day, p));
                }
            }
            long total = units.size();
            long started = System.nanoTime();
            LOG.infof("re-embedding users active since %s from %s to %s (%d parts, %d at once)", today.minusDays(settings.activeDays() - 1L),
                    replaced, model.version(), total, settings.parallelism());
            pool = Executors.newFixedThreadPool(settings.parallelism(), Thread.ofPlatform().daemon().name("reembed-worker-", 0).factory());
            try {
                units.forEach(pool::execute);
                pool.shutdown();
                while (!pool.awaitTermination(settings.progressInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    if (cancelled) return;
                    logProgress(total, started);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                pool.shutdownNow();
            }
            if (cancelled) {
                LOG.infof("re-embedding with %s stopped by a newer rollout after %d users", model.version(), rewritten.get());
                return;
            }
            finished = true;
            LOG.infof("re-embedded %d users with %s in %s (%d current or of another version, %d without features, %d failed)", rewritten.get(),
                    model.version(), Duration.ofNanos(System.nanoTime() - started).withNanos(0), current.get(), missing.get(), failed.get());
        }

        private void logProgress(long total, long started) {
            long done = partsDone.get();
            double elapsed = (System.nanoTime() - started) / 1e9;
            String eta = done == 0 ? "unknown" : Duration.ofSeconds(Math.round(elapsed * (total - done) / done)).toString();
            LOG.infof("re-embedding with %s: %d/%d parts (%.0f%%), %d users re-embedded, %d left as they are; ETA %s",
                    model.version(), done, total, 100.0 * done / total, rewritten.get(), current.get(), eta);
        }

        private void reembed(LocalDate day, int part) {
            try {
                for (String userId : active.users(day, part)) {
                    if (cancelled) return;
                    reembed(userId);
                }
                partsDone.incrementAndGet();
            } catch (RuntimeException e) {
                if (cancelled) return;
                // Left for the users' next interaction; the feed serves them meanwhile with the user tower.
                failed.incrementAndGet();
                LOG.warnf("re-embedding: part %d of %s not read (%s)", part, day, e.toString());
                partsDone.incrementAndGet();
            }
        }

        private void reembed(String userId) {
            try {
                Outcome outcome = rewriter.rewrite(userId, this::embedded);
                (switch (outcome) {
                    case REWRITTEN -> rewritten;
                    case UNCHANGED -> current;
                    case MISSING -> missing;
                }).incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.debugf("re-embedding of %s failed: %s", userId, e.toString());
            }
        }

        /** The user with an embedding of this job's version; the same instance unless theirs is of the replaced version. */
        private UserFeatures embedded(UserFeatures user) {
            if (!replaced.equals(user.getEmbeddingVersion())) return user;
            return UserEmbedder.withEmbedding(user, model.version(), model.userEmbedding(user, RequestContext.UNKNOWN));
        }
    }
}
