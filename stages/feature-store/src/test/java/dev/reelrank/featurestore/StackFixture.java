package dev.reelrank.featurestore;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Connections to the local servers of {@code scripts/stack up} (override with the usual env variables). */
public final class StackFixture implements AutoCloseable {
    public static final String REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379");

    public final Vertx vertx = Vertx.vertx();
    public final CqlSession session;

    public StackFixture() {
        String[] hostPort = env("CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042").split(",")[0].split(":");
        // The 2 s driver default is too tight on a loaded 2-core box.
        var config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .build();
        session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(env("CASSANDRA_LOCAL_DATACENTER", "datacenter1"))
                .withConfigLoader(config)
                .build();
    }

    public Redis redis(String url) {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    }

    @Override
    public void close() {
        session.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
