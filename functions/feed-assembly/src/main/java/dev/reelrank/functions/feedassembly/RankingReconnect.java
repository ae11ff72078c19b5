package dev.reelrank.functions.feedassembly;

import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Caps how long the ranking channel waits between connection attempts. A gRPC channel that lost
 * re-ranking backs off exponentially (1 s growing 1.6× up to 2 min) and, while it waits, fails every
 * call at once: after re-ranking was down for half a minute, feeds stayed on retrieval order for tens
 * of seconds after it was back (issue 21). Every {@code reelrank.ranking.reconnect-interval} a channel
 * found in TRANSIENT_FAILURE is told to try again now; one TCP connect per interval to a host that is
 * down costs nothing next to the feeds it brings back.
 */
@ApplicationScoped
public class RankingReconnect {
    private static final Logger LOG = Logger.getLogger(RankingReconnect.class);

    private final Channel channel;
    private final RankingSettings settings;
    private ScheduledExecutorService timer;

    RankingReconnect(@GrpcClient("ranking") Channel channel, RankingSettings settings) {
        this.channel = channel;
        this.settings = settings;
    }

    void start(@Observes StartupEvent e) {
        long every = settings.reconnectInterval().toMillis();
        if (!settings.enabled() || every <= 0) return;
        if (!(channel instanceof ManagedChannel managed)) {
            LOG.warnf("the ranking channel is a %s, not a ManagedChannel: its reconnection backoff is left as it is",
                    channel.getClass().getName());
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("ranking-reconnect").unstarted(r));
        timer.scheduleWithFixedDelay(() -> tick(managed), every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) timer.shutdownNow();
    }

    /** Resets the backoff of a channel that is waiting to reconnect; true when it did. */
    static boolean tick(ManagedChannel channel) {
        if (channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) return false;
        channel.resetConnectBackoff();
        return true;
    }
}
