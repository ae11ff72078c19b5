package dev.reelrank.functions.embeddingrefresh;

import dev.reelrank.model.ActiveUsers;
import dev.reelrank.model.RequestContext;
import dev.reelrank.model.UserRewriter;
import dev.reelrank.model.UserRewriter.Outcome;
import dev.reelrank.model.WorkClaims;
import dev.reelrank.model.WorkClaims.Claim;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Every replica of the function receives the rollout and runs the job, and they share it: a
 * unit (one day's part of the active users) is claimed in {@link WorkClaims} before it is done, so
 * each is done by one replica and N replicas finish about N times sooner. A replica that finds a
 * unit held by another looks again every {@code claim-poll} until that unit is completed, or takes
 * it over when the holder's lease runs out (the holder stopped). Rewrites are idempotent and lose
 * to newer writes, so a unit done twice costs reads, never wrong data; a claim store that cannot
 * be reached means the unit is done anyway.
 */
final class Reembedder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Reembedder.class);
    /** How long a completed unit stays completed: past any replica that could still be running the same job. */
    static final Duration CLAIM_RETENTION = Duration.ofDays(2);

    private record Unit(LocalDate day, int part) {}

    private final ActiveUsers active;
    private final UserRewriter rewriter;
    private final WorkClaims claims;
    private final String owner;
    private final ReembedSettings settings;
    private final Clock clock;
    private final AtomicReference<Job> running = new AtomicReference<>();

    /** @param owner this replica's name in the claims: unique among the replicas running at once */
    Reembedder(ActiveUsers active, UserRewriter rewriter, WorkClaims claims, String owner, ReembedSettings settings, Clock clock) {
        if (settings.activeDays() < 1 || settings.activeDays() > 30) throw new IllegalArgumentException("reembed.active-days must be in [1, 30]");
        if (settings.parallelism() < 1) throw new IllegalArgumentException("reembed.parallelism must be >= 1");
        if (settings.claimLease().toSeconds() < 1) throw new IllegalArgumentException("reembed.claim-lease must be >= 1s");
        if (settings.claimPoll().toMillis() < 1) throw new IllegalArgumentException("reembed.claim-poll must be > 0");
        this.active = active;
        this.rewriter = rewriter;
        this.claims = claims;
        this.owner = owner;
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
                failed = new AtomicLong(), partsDone = new AtomicLong(), partsByOthers = new AtomicLong();
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

        /** Units this replica found completed by another. */
        long partsByOthers() {
            return partsByOthers.get();
        }

        void cancel() {
            cancelled = true;
            var p = pool;
            if (p != null) p.shutdownNow();
            var t = thread;
            if (t != null) t.interrupt();
        }

        private void run() {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            List<Unit> todo = new ArrayList<>();
            for (int d = 0; d < settings.activeDays(); d++) {
                for (int part = 0; part < active.parts(); part++) todo.add(new Unit(today.minusDays(d), part));
            }
            long total = todo.size();
            long started = System.nanoTime();
            LOG.infof("re-embedding users active since %s from %s to %s (%d parts, %d at once, shared with other replicas as %s)",
                    today.minusDays(settings.activeDays() - 1L), replaced, model.version(), total, settings.parallelism(), owner);
            try {
                while (!todo.isEmpty()) {
                    var held = new ConcurrentLinkedQueue<Unit>();
                    if (!round(todo, held, total, started)) return;
                    todo = new ArrayList<>(held);
                    if (!todo.isEmpty()) {
                        LOG.debugf("re-embedding with %s: %d parts held by other replicas; looking again in %s", model.version(), todo.size(), settings.claimPoll());
                        Thread.sleep(settings.claimPoll());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                if (cancelled) LOG.infof("re-embedding with %s stopped by a newer rollout after %d users", model.version(), rewritten.get());
            }
            if (cancelled) return;
            finished = true;
            LOG.infof("re-embedded %d users with %s in %s (%d current or of another version, %d without features, %d failed; %d of %d parts done by other replicas)",
                    rewritten.get(), model.version(), Duration.ofNanos(System.nanoTime() - started).withNanos(0), current.get(), missing.get(),
                    failed.get(), partsByOthers.get(), total);
        }

        /** Offers every unit once; the ones another replica holds go to {@code held}. False when cancelled. */
        private boolean round(List<Unit> units, ConcurrentLinkedQueue<Unit> held, long total, long started) throws InterruptedException {
            pool = Executors.newFixedThreadPool(settings.parallelism(), Thread.ofPlatform().daemon().name("reembed-worker-", 0).factory());
            try {
                for (Unit u : units) pool.execute(() -> { if (!offer(u)) held.add(u); });
                pool.shutdown();
                while (!pool.awaitTermination(settings.progressInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    if (cancelled) return false;
                    logProgress(total, started);
                }
            } finally {
                pool.shutdownNow();
            }
            return !cancelled;
        }

        /** Does the unit unless another replica holds it (then false) or has completed it. */
        private boolean offer(Unit u) {
            if (cancelled) return true;
            String job = model.version() + "/" + replaced + "/" + u.day();
            Claim claim;
            try {
                claim = claims.claim(job, u.part(), owner, settings.claimLease());
            } catch (RuntimeException e) {
                LOG.debugf("re-embedding: no claim for part %d of %s (%s); doing it anyway", u.part(), u.day(), e.toString());
                claim = Claim.TAKEN;
            }
            if (claim == Claim.HELD) return false;
            if (claim == Claim.COMPLETED) {
                partsByOthers.incrementAndGet();
                partsDone.incrementAndGet();
                return true;
            }
            if (reembed(u.day(), u.part()) && !cancelled) {
                try {
                    claims.complete(job, u.part(), owner, CLAIM_RETENTION);
                } catch (RuntimeException e) {
                    // The claim runs out and another replica may redo the part: reads, not wrong data.
                    LOG.debugf("re-embedding: part %d of %s done but not marked (%s)", u.part(), u.day(), e.toString());
                }
            }
            return true;
        }

        private void logProgress(long total, long started) {
            long done = partsDone.get();
            double elapsed = (System.nanoTime() - started) / 1e9;
            String eta = done == 0 ? "unknown" : Duration.ofSeconds(Math.round(elapsed * (total - done) / done)).toString();
            LOG.infof("re-embedding with %s: %d/%d parts (%.0f%%, %d by other replicas), %d users re-embedded, %d left as they are; ETA %s",
                    model.version(), done, total, 100.0 * done / total, partsByOthers.get(), rewritten.get(), current.get(), eta);
        }

        /** True when the part was read to its end. */
        private boolean reembed(LocalDate day, int part) {
            try {
                for (String userId : active.users(day, part)) {
                    if (cancelled) return false;
                    reembed(userId);
                }
                partsDone.incrementAndGet();
                return true;
            } catch (RuntimeException e) {
                if (cancelled) return false;
                // Left for the users' next interaction; the feed serves them meanwhile with the user tower.
                failed.incrementAndGet();
                LOG.warnf("re-embedding: part %d of %s not read (%s)", part, day, e.toString());
                partsDone.incrementAndGet();
                return false;
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
