/*
 * Small admin tool for the local development stack started by scripts/stack.
 *
 * Run with the Java 25 source launcher, so there is nothing to build or keep in sync:
 *
 *   java -cp "var/stack/dist/admin/lib/*" scripts/lib/StackAdmin.java <command> ...
 *
 * Commands (all addresses are host:port):
 *   wait-kafka     <bootstrap> <timeout-s> [pid]   until a metadata call to the broker succeeds
 *   wait-cassandra <contact>   <timeout-s> [pid]   until SELECT release_version FROM system.local works
 *   topics         <bootstrap> <spec>...           create missing topics; spec = name:partitions[:k=v[,k=v]]
 *   cql            <contact>   <dir>               run every *.cql file of dir in file-name order
 *
 * Exit codes: 0 ok, 1 failed, 2 usage, 3 the watched server process died while we waited,
 * 4 timed out. scripts/stack maps them to messages and prints the server's log tail.
 */

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

public class StackAdmin {

    static final int OK = 0, FAILED = 1, USAGE = 2, DIED = 3, TIMED_OUT = 4;

    /** DDL on a loaded 2-core box can take several seconds; the driver's 2 s defaults time out spuriously. */
    static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

    /** Cassandra's default data centre name with SimpleSnitch; the driver refuses to guess it. */
    static final String LOCAL_DC = "datacenter1";

    public static void main(String[] args) {
        if (args.length < 1) {
            System.exit(usage());
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        int rc;
        try {
            rc = switch (args[0]) {
                case "wait-kafka" -> waitKafka(rest);
                case "wait-cassandra" -> waitCassandra(rest);
                case "topics" -> topics(rest);
                case "cql" -> cql(rest);
                default -> usage();
            };
        } catch (Exception e) {
            System.err.println("stack-admin " + args[0] + ": " + rootMessage(e));
            rc = FAILED;
        }
        // Client libraries leave non-daemon threads behind; do not let them keep the JVM alive.
        System.exit(rc);
    }

    static int usage() {
        System.err.println("""
                usage: StackAdmin wait-kafka <host:port> <timeout-s> [pid]
                       StackAdmin wait-cassandra <host:port> <timeout-s> [pid]
                       StackAdmin topics <host:port> <name:partitions[:key=value,...]>...
                       StackAdmin cql <host:port> <dir>""");
        return USAGE;
    }

    // ---------------------------------------------------------------- Kafka

    static Admin kafkaAdmin(String bootstrap, Duration apiTimeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "reelrank-stack-admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiTimeout.toMillis(), 5_000));
        // Probe often while the broker is coming up: the default back-off would add seconds to start-up.
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        return Admin.create(p);
    }

    static int waitKafka(String[] a) throws InterruptedException {
        if (a.length < 2) return usage();
        String bootstrap = a[0];
        long deadline = deadline(a[1]);
        Long pid = a.length > 2 ? Long.valueOf(a[2]) : null;
        // One client for the whole wait: it reconnects by itself, and a new JVM-side client per try
        // would only add latency. A describeCluster answer means the broker serves metadata,
        // which in KRaft combined mode also means the controller quorum has elected itself.
        try (Admin admin = kafkaAdmin(bootstrap, Duration.ofSeconds(2))) {
            while (true) {
                try {
                    var nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) return OK;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                int rc = checkWaiting(pid, deadline, "Kafka at " + bootstrap);
                if (rc != OK) return rc;
                Thread.sleep(200);
            }
        }
    }

    static int topics(String[] a) throws Exception {
        if (a.length < 2) return usage();
        List<NewTopic> wanted = new ArrayList<>();
        for (int i = 1; i < a.length; i++) wanted.add(parseTopic(a[i]));

        try (Admin admin = kafkaAdmin(a[0], DDL_TIMEOUT)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();

            // Existing topics are never altered (that could reshuffle keys across partitions);
            // a mismatch is only reported so the developer can purge the stack deliberately.
            List<String> present = wanted.stream().map(NewTopic::name).filter(existing::contains).toList();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames().get();
                for (NewTopic t : wanted) {
                    TopicDescription d = described.get(t.name());
                    if (d != null && d.partitions().size() != t.numPartitions()) {
                        System.err.printf("stack-admin topics: warning: %s has %d partitions, expected %d (left alone)%n",
                                t.name(), d.partitions().size(), t.numPartitions());
                    }
                }
            }

            warmGroupCoordinator(admin);
            if (missing.isEmpty()) return OK;
            int created = 0;
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get();
                    created++;
                } catch (ExecutionException ex) {
                    // Another `up` may have raced us to it; that is the outcome we wanted anyway.
                    if (!(ex.getCause() instanceof TopicExistsException)) throw ex;
                }
            }
            System.out.println("created " + created + " topic(s): "
                    + String.join(", ", missing.stream().map(NewTopic::name).toList()));
            return OK;
        }
    }

    /**
     * A fresh broker creates its consumer-offsets topic on the first group lookup. Doing that here
     * means `up` returns with group coordination working, instead of the first consumer group (a
     * function, a test) paying for it against its own timeout on a busy box.
     */
    static void warmGroupCoordinator(Admin admin) throws Exception {
        admin.listConsumerGroupOffsets("reelrank-stack-warmup").partitionsToOffsetAndMetadata()
                .get(DDL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** name:partitions[:key=value,key=value]; replication factor is always 1 on a one-node cluster. */
    static NewTopic parseTopic(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank()) {
            throw new IllegalArgumentException("bad topic spec '" + spec + "', expected name:partitions[:k=v,...]");
        }
        NewTopic t = new NewTopic(parts[0], Integer.parseInt(parts[1]), (short) 1);
        if (parts.length == 3 && !parts[2].isBlank()) {
            Map<String, String> configs = new LinkedHashMap<>();
            for (String kv : parts[2].split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("bad topic config '" + kv + "' in '" + spec + "'");
                configs.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            t.configs(configs);
        }
        return t;
    }

    // ---------------------------------------------------------------- Cassandra

    static CqlSession cassandraSession(String contact, Duration connectTimeout, boolean probeOnly) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                // A readiness probe needs no schema or token metadata; loading them is most of the
                // driver's start-up cost (seconds on a busy 2-core box).
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, !probeOnly)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, !probeOnly)
                // The native clock loads jnr/jffi at start-up (about a second); a JDK clock is plenty.
                .withBoolean(DefaultDriverOption.TIMESTAMP_GENERATOR_FORCE_JAVA_CLOCK, true)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, DDL_TIMEOUT)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, DDL_TIMEOUT)
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, connectTimeout)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, connectTimeout)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, connectTimeout)
                // Never retry the initial connection inside the driver: the wait loop owns retrying.
                .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
                .build();
        return CqlSession.builder()
                .addContactPoint(address(contact))
                .withLocalDatacenter(LOCAL_DC)
                .withConfigLoader(config)
                .build();
    }

    static int waitCassandra(String[] a) throws InterruptedException {
        if (a.length < 2) return usage();
        String contact = a[0];
        long deadline = deadline(a[1]);
        Long pid = a.length > 2 ? Long.valueOf(a[2]) : null;
        while (true) {
            // Cassandra opens the native transport port last in its start-up, so wait for the
            // port cheaply first; a driver session per try would cost far more than the probe.
            // The open socket alone proves little, though: then ask a real query, as clients will.
            if (portOpen(address(contact))) {
                CqlSession s = null;
                try {
                    s = cassandraSession(contact, Duration.ofSeconds(5), true);
                    Row row = s.execute("SELECT release_version FROM system.local").one();
                    // Not closed on success: a graceful driver close waits out Netty's 2 s quiet
                    // period, and main() exits the JVM right away anyway.
                    if (row != null && row.getString(0) != null) return OK;
                } catch (RuntimeException e) {
                    // listening but not serving yet
                }
                if (s != null) s.closeAsync();
            }
            int rc = checkWaiting(pid, deadline, "Cassandra at " + contact);
            if (rc != OK) return rc;
            Thread.sleep(200);
        }
    }

    static int cql(String[] a) throws IOException {
        if (a.length < 2) return usage();
        Path dir = Path.of(a[1]);
        if (!Files.isDirectory(dir)) {
            System.out.println("no CQL folder " + dir + ", skipped");
            return OK;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".cql") && Files.isRegularFile(p))
                    .sorted((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()))
                    .toList();
        }
        if (files.isEmpty()) {
            System.out.println("no *.cql file in " + dir + ", skipped");
            return OK;
        }
        int total = 0;
        // Not closed: see waitCassandra; the JVM exits when the command returns.
        CqlSession s = cassandraSession(a[0], Duration.ofSeconds(5), false);
        for (Path f : files) {
            List<String> statements = splitCql(Files.readString(f));
            for (int i = 0; i < statements.size(); i++) {
                try {
                    // The driver waits for schema agreement after each DDL statement, so later
                    // statements (CREATE TABLE after CREATE KEYSPACE) see what earlier ones made.
                    s.execute(SimpleStatement.newInstance(statements.get(i)).setTimeout(DDL_TIMEOUT));
                } catch (RuntimeException e) {
                    System.err.printf("stack-admin cql: %s, statement %d failed: %s%n  %s%n",
                            f.getFileName(), i + 1, rootMessage(e), firstLine(statements.get(i)));
                    return FAILED;
                }
            }
            total += statements.size();
        }
        System.out.println("applied " + total + " CQL statement(s) from " + files.size() + " file(s)");
        return OK;
    }

    /**
     * Splits a CQL script into statements. The convention the project's files follow is one
     * statement ending with ';' at the end of a line; lines starting with '--' are comments.
     * This is deliberately not a CQL parser: a ';' inside a string literal at a line end would
     * split wrongly, which the schema files simply avoid.
     */
    static List<String> splitCql(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) continue;
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String stmt = current.toString().strip();
                stmt = stmt.substring(0, stmt.length() - 1).strip();
                if (!stmt.isEmpty()) out.add(stmt);
                current.setLength(0);
            }
        }
        String tail = current.toString().strip();
        if (!tail.isEmpty()) out.add(tail); // a last statement without ';' is still meant to run
        return out;
    }

    // ---------------------------------------------------------------- helpers

    static long deadline(String seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(seconds));
    }

    /** Fails fast when the server we wait for has already died, instead of waiting out the timeout. */
    static int checkWaiting(Long pid, long deadline, String what) {
        if (pid != null && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            System.err.println("stack-admin: " + what + ": server process " + pid + " exited");
            return DIED;
        }
        if (System.nanoTime() > deadline) {
            System.err.println("stack-admin: " + what + " did not answer in time");
            return TIMED_OUT;
        }
        return OK;
    }

    static boolean portOpen(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
