package dev.reelrank.eventarchive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The archiver as a process of its own, so a test can kill it for real (SIGKILL) or make it
 * halt at the worst moment: {@code -Darchive.halt-after-batches=N} stops the JVM dead right after
 * the N-th batch's files are durable and before their offsets are committed.
 */
public final class ArchiverProcess {
    public static final int HALT_EXIT_CODE = 77;

    public static void main(String[] args) throws Exception {
        var settings = new ArchiveConfig(
                System.getProperty("archive.bootstrap"),
                System.getProperty("archive.group"),
                System.getProperty("archive.interactions-topic"),
                System.getProperty("archive.videos-topic"),
                Path.of(System.getProperty("archive.root")),
                null,
                Integer.getInteger("archive.max-records-per-file", 400),
                Integer.getInteger("archive.max-buffered-records", 200_000),
                Duration.ofMillis(Long.getLong("archive.flush-ms", 300)),
                Integer.getInteger("archive.dedup-window", 20_000),
                System.getProperty("archive.compression", "zstd"),
                3, 64 << 20, Duration.ofMillis(200), Duration.ofSeconds(1),
                java.util.Map.of("max.poll.records", System.getProperty("archive.max-poll-records", "200"),
                        // A killed member holds its partitions until its session expires: keep that short in tests.
                        "session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
        var pseudonymizer = new Pseudonymizer(Base64.getDecoder().decode(System.getProperty("archive.key")));
        int haltAfter = Integer.getInteger("archive.halt-after-batches", 0);
        var batches = new AtomicInteger();
        var archiver = new EventArchiver(settings, pseudonymizer, (tp, first, last, rows) -> {
            if (haltAfter > 0 && batches.incrementAndGet() == haltAfter) {
                System.err.println("halting after the files of " + tp + " " + first + ".." + last + ", before the commit");
                Runtime.getRuntime().halt(HALT_EXIT_CODE);
            }
        });
        var loop = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            archiver.stop();
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        archiver.run();
        System.err.println("archiver stopped: " + archiver.status());
    }
}
