package dev.reelrank.model;

import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The identity of an impression, shared by the two writers of impressions and the consumers that
 * count them.
 *
 * <p>feed-assembly logs every list it serves as {@code impression} interactions (one per item, with
 * the request id); clients keep sending their own impressions of the same items. Both describe one
 * exposure, so whoever counts impressions must count each (user, request, video) once. The CloudEvent
 * {@code source} + {@code id} that de-duplicates redeliveries cannot do it: the client's events carry
 * the client's source and ids, which the server cannot know. So an impression that names its request
 * has a <em>counting key</em> made of user, request and video alone ({@link #countingKey}), and the
 * consumers de-duplicate impressions by that key instead of by event id: embedding-refresh's fold puts
 * it in place of the event hash it already keeps per user (so the first of the two to arrive counts, and
 * a repeat within the user's {@code reelrank.refresh.dedup-window} is dropped like a redelivery).
 * An impression without a request id (an old client, a surface feed-assembly did not serve) keeps its
 * event identity: nothing to pair it with.
 *
 * <p>The served events also get a deterministic CloudEvent id ({@link #eventId}): a feed served again
 * for the same request id (a client retry) logs the same ids, which the archive's exact source + id
 * de-duplication then drops.
 */
public final class ServedImpressions {
    /** The scope the counting key is hashed under where a consumer keeps (scope, id) hashes. */
    public static final String COUNTING_SCOPE = "reelrank:impression";

    private ServedImpressions() {}

    /** 32 hex digits of SHA-256 over the request and the video: short enough for any id limit, unique in practice. */
    public static String eventId(String requestId, String videoId) {
        return "imp-" + HexFormat.of().formatHex(sha256(requestId + "\n" + videoId), 0, 16);
    }

    /** Present for an impression naming its request and video: the events with one key are one exposure. */
    public static Optional<String> countingKey(Interaction e) {
        if (e.getAction() != Action.impression || e.getRequestId().isBlank() || e.getVideoId().isBlank()) return Optional.empty();
        return Optional.of(e.getUserId() + "\n" + e.getRequestId() + "\n" + e.getVideoId());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
