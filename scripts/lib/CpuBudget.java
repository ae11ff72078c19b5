/*
 * The CPU each process of the local box spends per event, over a window of steady load: what
 * bounds the events per second the whole box can take when everything runs on the same cores.
 *
 *   java -cp "var/stack/dist/admin/lib/*" scripts/lib/CpuBudget.java <bootstrap> <seconds> [name=pid ...]
 *   java -cp "var/stack/dist/admin/lib/*" scripts/lib/CpuBudget.java --timeline <seconds>   # cores per process, second by second
 *
 * Reads the CPU time (utime + stime of /proc/<pid>/stat, all threads) of every process named in
 * var/local/*.pid and var/stack/<server>/<server>.pid, plus the name=pid pairs given (the load
 * generator), at the start and the end of the window; and the records the window added to the
 * interactions topic and each consumer group's committed offsets on it. Prints per process the
 * cores it used and its CPU per event: per event it consumed (a consumer group named like the
 * process), else per event the topic gained. Run it while `scripts/bench events --rate R` holds a
 * rate every consumer keeps up with, so each consumer's count is the topic's.
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

public class CpuBudget {
    static final String TOPIC = "interactions";
    static final long TICKS = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CpuBudget <bootstrap> <seconds> [name=pid ...] | CpuBudget --timeline <seconds>");
            System.exit(2);
        }
        int seconds = Integer.parseInt(args[1]);
        Map<String, Long> pids = processes(args);
        if (args[0].equals("--timeline")) {
            timeline(pids, seconds);
            return;
        }
        budget(args[0], pids, seconds);
    }

    /** One line a second: the wall-clock time, then the cores each process used in that second (a restarted server is picked up again). */
    static void timeline(Map<String, Long> pids, int seconds) throws Exception {
        var names = new ArrayList<>(pids.keySet());
        System.out.println("time\t" + String.join("\t", names) + "\tidle");
        Map<String, Long> before = cpu(pids);
        long idleBefore = idleTicks();
        for (int i = 0; i < seconds; i++) {
            long t0 = System.nanoTime();
            Thread.sleep(1000);
            Map<String, Long> now = processes(new String[0]);
            pids.putAll(now);
            Map<String, Long> after = cpu(pids);
            long idle = idleTicks();
            double wall = (System.nanoTime() - t0) / 1e9;
            var row = new StringBuilder(java.time.LocalTime.now().withNano(0).toString());
            for (String n : names) {
                Long a = before.get(n), b = after.get(n);
                row.append('\t').append(a == null || b == null || b < a ? "-" : String.format("%.2f", (b - a) / (double) TICKS / wall));
            }
            row.append('\t').append(String.format("%.2f", (idle - idleBefore) / (double) TICKS / wall));
            System.out.println(row);
            before = after;
            idleBefore = idle;
        }
    }

    /** Idle time of all cores together (the cpu line of /proc/stat: idle + iowait). */
    static long idleTicks() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        return Long.parseLong(f[4]) + Long.parseLong(f[5]);
    }

    static Map<String, Long> processes(String[] args) throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("var/local"))) {
            files.filter(p -> p.toString().endsWith(".pid")).sorted()
                    .forEach(p -> pid(p).ifPresent(pid -> pids.put(p.getFileName().toString().replace(".pid", ""), pid)));
        }
        for (String server : List.of("kafka", "cassandra", "redis")) {
            pid(Path.of("var/stack", server, server + ".pid")).ifPresent(pid -> pids.put(server, pid));
        }
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            pids.put(kv[0], Long.parseLong(kv[1]));
        }
        return pids;
    }

    static void budget(String bootstrap, Map<String, Long> pids, int seconds) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<String, Long> cpu0 = cpu(pids);
            long end0 = topicEnd(admin);
            Map<String, Long> groups0 = committed(admin);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            Map<String, Long> cpu1 = cpu(pids);
            long end1 = topicEnd(admin);
            Map<String, Long> groups1 = committed(admin);
            double wall = (System.nanoTime() - t0) / 1e9;
            long gained = end1 - end0;
            System.out.printf("window %.1f s: the %s topic gained %,d records (%,.0f/s)%n", wall, TOPIC, gained, gained / wall);
            groups1.forEach((g, o) -> System.out.printf("  group %s consumed %,d (lag at the end %,d)%n", g, o - groups0.getOrDefault(g, o), end1 - o));
            System.out.println();
            System.out.println("| process | cores | events counted | CPU µs per event |");
            System.out.println("| --- | ---: | ---: | ---: |");
            double total = 0;
            for (var e : pids.entrySet()) {
                Long a = cpu0.get(e.getKey()), b = cpu1.get(e.getKey());
                if (a == null || b == null) continue;
                double cpuSeconds = (b - a) / (double) TICKS;
                String group = groupOf(e.getKey(), groups1.keySet());
                long events = group != null ? groups1.get(group) - groups0.getOrDefault(group, groups1.get(group)) : gained;
                double perEvent = events > 0 ? cpuSeconds * 1e6 / events : Double.NaN;
                if (!Double.isNaN(perEvent)) total += cpuSeconds * 1e6 / Math.max(1, gained);
                System.out.printf("| %s | %.2f | %,d%s | %.1f |%n", e.getKey(), cpuSeconds / wall, events, group != null ? " (" + group + ")" : "", perEvent);
            }
            System.out.printf("| **all** | | %,d | **%.1f** |%n", gained, total);
            if (gained == 0) return;
            System.out.printf("%nAt %.1f µs of CPU per event, %d cores carry at most %,.0f events/s with every process running.%n",
                    total, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors() * 1e6 / total);
        }
    }

    static java.util.Optional<Long> pid(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return Files.exists(Path.of("/proc", Long.toString(pid))) ? java.util.Optional.of(pid) : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    static Map<String, Long> cpu(Map<String, Long> pids) {
        Map<String, Long> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // Fields after the command (which may hold spaces) in parentheses: utime is the 14th field.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.put(name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            } catch (Exception e) {
                // gone
            }
        });
        return out;
    }

    static long topicEnd(Admin admin) throws Exception {
        var partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions();
        Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
        partitions.forEach(p -> specs.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(specs).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    @SuppressWarnings("removal") // listGroups() is not in every client this runs with
    static Map<String, Long> committed(Admin admin) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        List<String> groups = new ArrayList<>();
        for (ConsumerGroupListing g : admin.listConsumerGroups().all().get()) groups.add(g.groupId());
        groups.sort(null);
        for (String g : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(g).partitionsToOffsetAndMetadata().get();
            long sum = offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            if (offsets.keySet().stream().anyMatch(tp -> tp.topic().equals(TOPIC))) out.put(g, sum);
        }
        return out;
    }

    /** The consumer group a process consumes the topic in: the one its name starts with, if any. */
    static String groupOf(String process, java.util.Set<String> groups) {
        for (String g : groups) if (process.equals(g) || process.startsWith(g + ".")) return g;
        return null;
    }
}
