package dev.reelrank.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.reelrank.model.Popularity;
import dev.reelrank.model.RetrievalSignals.FreshScope;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Before Cassandra is up; the connected paths are covered by TieredFeatureStoreIT and the functions' ITs. */
class ConnectingFeatureStoreTest {
    private final Vertx vertx = Vertx.vertx();
    // Never connected: creating a client opens no connection, and no read reaches Redis here.
    private final Redis redis = Redis.createClient(vertx, "redis://127.0.0.1:1");

    @AfterEach
    void close() {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyReadFailsFastUntilTheSessionIsConnected() {
        var store = new ConnectingFeatureStore(new CompletableFuture<CqlSession>(), redis, FeatureStoreConfig.defaults());
        var signals = store.signals(RetrievalStoreConfig.defaults(), Clock.systemUTC());
        for (Executable read : List.<Executable>of(() -> store.user("u1"), () -> store.videos(List.of("v1")),
                () -> store.top(Popularity.GLOBAL, 5), () -> signals.trending("DE", 5),
                () -> signals.channelUploads(List.of("c1"), 3), () -> signals.fresh(FreshScope.CATEGORY, "music", 3))) {
            var e = assertThrows(IllegalStateException.class, read);
            assertEquals("Cassandra session not connected yet", e.getMessage());
        }
    }

    @Test
    void aFailedSessionSurfacesItsCauseOnEveryRead() {
        var down = new IllegalStateException("no Cassandra");
        var store = new ConnectingFeatureStore(CompletableFuture.<CqlSession>failedFuture(down), redis, FeatureStoreConfig.defaults());
        for (int i = 0; i < 2; i++) {
            var e = assertThrows(CompletionException.class, () -> store.user("u1"));
            assertSame(down, e.getCause());
        }
    }
}
