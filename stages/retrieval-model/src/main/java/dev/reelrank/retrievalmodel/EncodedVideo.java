package dev.reelrank.retrievalmodel;

/**
 * The video tower's input for one video. {@code tags} has the fixed length maxTags, 0 = no tag.
 * {@code ageBucket} depends on the moment the video is looked at (see {@link Buckets#age}).
 */
public record EncodedVideo(int id, int channel, int category, int[] tags, int language, int durationBucket,
                           int ageBucket) {

    public EncodedVideo atAge(int bucket) {
        return bucket == ageBucket ? this : new EncodedVideo(id, channel, category, tags, language, durationBucket, bucket);
    }
}
