package dev.reelrank.vectorindex.qdrant;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.qdrant.client.PointIdFactory;
import io.qdrant.client.grpc.Common.PointId;
import java.util.UUID;

/**
 * Qdrant point ids must be unsigned integers or UUIDs, video ids are free strings: each video
 * maps to a name-based UUID (stable across processes and releases, so an upsert replaces the
 * same point), and the video id itself travels in the payload for the way back.
 */
public final class QdrantIds {
    /** Part of the hashed name so our UUIDs never collide with another namespace's scheme. */
    private static final String NAMESPACE = "reelrank:video:";

    private QdrantIds() {}

    public static UUID uuidOf(String videoId) {
        if (videoId == null || videoId.isEmpty()) throw new IllegalArgumentException("videoId is required");
        return UUID.nameUUIDFromBytes((NAMESPACE + videoId).getBytes(UTF_8));
    }

    public static PointId pointIdOf(String videoId) {
        return PointIdFactory.id(uuidOf(videoId));
    }
}
