package dev.reelrank.functions.feedassembly;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.reelrank.featurestore.FeatureStoreConfig;
import dev.reelrank.featurestore.cassandra.CassandraFeatures;
import dev.reelrank.featurestore.redis.RedisFeatures;
import dev.reelrank.featurestore.tiered.TieredFeatureWriter;
import dev.reelrank.model.Popularity;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoPublished;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes test data into the real stores through the feature-store stage's own writer, and
 * takes the popularity entries out again: the global popular list is shared with every other
 * test that runs against the local stack.
 */
final class FeatureSeeder {
    private final CqlSession session;
    private final Redis redis;
    private final TieredFeatureWriter writer;
    private final List<String> popularVideos = new ArrayList<>();

    FeatureSeeder(CqlSession session, Redis redis) {
        this.session = session;
        this.redis = redis;
        var config = FeatureStoreConfig.defaults();
        this.writer = new TieredFeatureWriter(new CassandraFeatures(session), new RedisFeatures(redis, Duration.ofSeconds(5)), config);
    }

    /**
     * A score above anything an earlier run left behind (it grows with the clock), so this
     * run's videos head the global list whatever else is in it.
     */
    static double topScore() {
        return System.currentTimeMillis() / 1000 * 1000.0;
    }

    void video(String videoId, String channelId) {
        writer.upsertVideo(VideoPublished.newBuilder().setVideoId(videoId).setChannelId(channelId).setTitle("t " + videoId)
                .setCategory("music").setDurationSeconds(200).build());
    }

    void video(String videoId, String channelId, String category, String language, int durationSeconds) {
        writer.upsertVideo(VideoPublished.newBuilder().setVideoId(videoId).setChannelId(channelId).setTitle("t " + videoId)
                .setCategory(category).setLanguage(language).setDurationSeconds(durationSeconds).build());
    }

    void popular(String videoId, double score) {
        writer.addPopularity(videoId, score, Popularity.GLOBAL);
        popularVideos.add(videoId);
    }

    void user(String userId, List<String> watched) {
        writer.putUser(UserFeatures.newBuilder().setUserId(userId).addAllWatchedVideoIds(watched).build());
    }

    /** A user the fold has seen in {@code homeRegion} (UserFeatures.home_region: the first region of their events). */
    void userIn(String userId, String homeRegion) {
        writer.putUser(UserFeatures.newBuilder().setUserId(userId).setHomeRegion(homeRegion).build());
    }

    /** Features as the fold leaves them after not_interested events (the durable lists). */
    void notInterested(String userId, List<String> videos, List<String> channels) {
        writer.putUser(UserFeatures.newBuilder().setUserId(userId).addAllNotInterestedVideoIds(videos)
                .addAllNotInterestedChannelIds(channels).build());
    }

    void removePopularity() throws Exception {
        if (popularVideos.isEmpty()) return;
        var zrem = Request.cmd(Command.ZREM).arg(RedisFeatures.popularityKey(Popularity.GLOBAL));
        popularVideos.forEach(zrem::arg);
        redis.send(zrem).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        session.execute(session.prepare("DELETE FROM reelrank.video_popularity WHERE scope = ? AND video_id IN ?")
                .bind(Popularity.GLOBAL, List.copyOf(popularVideos)));
        popularVideos.clear();
    }
}
