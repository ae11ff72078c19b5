package dev.reelrank.pipeline.datasets;

/**
 * The layout every dataset folder shares, whether generated or imported, so the evaluator, the
 * trainers and the event streamer read any of them the same way. All tables are gzip CSV with a
 * header; an empty field means "unknown". Times are epoch milliseconds (UTC).
 *
 * <pre>
 * manifest.json              what, how, counts, labels, where the ground truth is
 * videos.csv.gz              one video.published per row
 * interactions.csv.gz        one video.interaction per row; each user's rows in time order (an optional
 *                            bucket column names the experiment bucket: the evaluator then reports per bucket)
 * users.csv.gz               (generated only) the users' stable attributes
 * truth/user_interests.csv.gz, truth/video_truth.csv.gz   (generated only) the latent affinity
 * </pre>
 */
public final class DatasetFiles {
    private DatasetFiles() {}

    public static final String MANIFEST = "manifest.json";
    public static final String VIDEOS = "videos.csv.gz";
    public static final String INTERACTIONS = "interactions.csv.gz";
    public static final String USERS = "users.csv.gz";
    public static final String TRUTH_USERS = "truth/user_interests.csv.gz";
    public static final String TRUTH_VIDEOS = "truth/video_truth.csv.gz";

    /** tags are separated by '|'. */
    public static final String VIDEO_HEADER =
            "video_id,channel_id,category,tags,language,region,duration_seconds,published_at_ms,title";
    /** action, surface and target are the proto enum names (lower case); position is zero-based. */
    /**
     * Optional trailing interactions column: the user's offset from UTC in minutes, empty when
     * unknown (the archive's export writes it; generated and imported data sets have none).
     */
    public static final String UTC_OFFSET_COLUMN = "utc_offset_minutes";
    public static final String INTERACTION_HEADER =
            "user_id,video_id,action,watch_seconds,surface,position,request_id,occurred_at_ms,device,region,target,channel_id";
    /** devices: device:share|...; subscriptions: channel ids separated by '|' (at the start of the period). */
    public static final String USER_HEADER = "user_id,home_region,language,devices,subscriptions";
    /** topics_start/topics_end: topic:weight|... (weights sum to 1). */
    public static final String TRUTH_USER_HEADER = "user_id,language,topics_start,topics_end";
    public static final String TRUTH_VIDEO_HEADER = "video_id,primary_topic,secondary_topic,quality,language,viral";
}
