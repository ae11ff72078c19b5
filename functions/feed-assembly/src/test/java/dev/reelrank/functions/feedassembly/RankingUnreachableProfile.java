package dev.reelrank.functions.feedassembly;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** Ranking enabled but pointed at a port nobody listens on (bound once, then released). */
public class RankingUnreachableProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("reelrank.ranking.enabled", "true",
                "quarkus.grpc.clients.ranking.host", "127.0.0.1",
                "quarkus.grpc.clients.ranking.port", String.valueOf(closedPort),
                // In test mode Quarkus re-targets gRPC clients at the app under test unless told otherwise.
                "quarkus.grpc.clients.ranking.test-port", String.valueOf(closedPort),
                // The test pins the retrieval order the fallback serves: no re-ordering after it.
                "reelrank.feed.mmr-lambda", "1", "reelrank.feed.channel-spread-penalty", "0", "reelrank.feed.explore-share", "0");
    }
}
