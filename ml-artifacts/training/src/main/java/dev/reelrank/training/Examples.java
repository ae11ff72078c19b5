package dev.reelrank.training;

import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.retrievalmodel.EncodedUser;
import dev.reelrank.retrievalmodel.EncodedVideo;
import dev.reelrank.retrievalmodel.FeatureEncoder;
import dev.reelrank.retrievalmodel.FeatureStatistics;
import java.util.List;
import java.util.Map;

/**
 * Training and validation examples: each is (the user's state just BEFORE the positive
 * interaction, in the context of that interaction; the positive video at that moment).
 * Videos are catalog indices; {@code staticVideos[i]} is video i's encoding without age, and
 * the age bucket at the event is stored per example.
 *
 * @param positiveCounts training positives per catalog video (the popularity the sampler and the
 *                       logQ correction use, and the popularity baseline)
 * @param validationSeen per validation example, catalog indices of videos already in the user's
 *                       history (excluded from the ranking, as the feed's seen-filter would)
 */
public record Examples(FeatureEncoder encoder, List<VideoFeatures> catalog, EncodedVideo[] staticVideos,
                       long[] publishedMs,
                       List<EncodedUser> trainUsers, int[] trainVideo, byte[] trainAge, long[] trainTime,
                       List<EncodedUser> validationUsers, int[] validationVideo, int[][] validationSeen,
                       long validationAsOfMs, long[] positiveCounts, FeatureStatistics statistics,
                       Map<String, Object> dataWindow) {

    public int trainSize() {
        return trainUsers.size();
    }

    public int validationSize() {
        return validationUsers.size();
    }
}
