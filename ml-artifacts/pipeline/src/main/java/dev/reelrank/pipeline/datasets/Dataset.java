package dev.reelrank.pipeline.datasets;

import com.google.protobuf.Timestamp;
import dev.reelrank.pipeline.io.Csv;
import dev.reelrank.pipeline.io.Gzip;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.VideoPublished;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A dataset folder loaded into column arrays: no object per interaction, so tens of millions of
 * rows fit in a modest heap. Users, videos, channels, categories, regions, devices and request
 * ids are dense int ids (-1 = unknown); interaction rows keep the file order (per user, in time).
 */
public final class Dataset {
    public static final long NO_TIME = Long.MIN_VALUE;
    public static final short NO_OFFSET = Short.MIN_VALUE;

    public final Path dir;
    public final Manifest manifest;

    // videos
    public final Interner videos = new Interner();
    public final Interner channels = new Interner();
    public final Interner categories = new Interner();
    public final Interner regions = new Interner();
    public final Interner languages = new Interner();
    public final Interner devices = new Interner();
    public final Interner users = new Interner();
    public final Interner requests = new Interner();
    /** Experiment buckets (the optional {@code bucket} column: feed-assembly's served impressions carry one). */
    public final Interner buckets = new Interner();
    public int[] videoChannel, videoCategory, videoRegion, videoLanguage, videoDuration;
    public long[] videoPublished;
    public String[] videoTags, videoTitle;
    /** Home region per user (-1 unknown): from users.csv.gz, else the first region seen in the user's rows. */
    public int[] userRegion;

    // interactions
    public int rows;
    public int[] user, video, channel, request, region, bucket;
    /** Minutes east of UTC, or {@link #NO_OFFSET}. */
    public short[] utcOffset;
    public byte[] action, surface, device, target;
    public float[] watchSeconds;
    public short[] position;
    public long[] time;

    private Dataset(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static Dataset load(Path dir) {
        var d = new Dataset(dir, Manifest.read(dir));
        try {
            d.loadVideos(dir.resolve(DatasetFiles.VIDEOS));
            d.loadInteractions(dir.resolve(DatasetFiles.INTERACTIONS));
            d.loadUsers(dir.resolve(DatasetFiles.USERS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /**
     * The catalogue alone ({@code videos.csv.gz}): no interaction or user is read (rows = 0), for
     * jobs over the videos of a data set too large to load whole (the bulk load of 1M videos).
     */
    public static Dataset loadCatalogue(Path dir) {
        var d = new Dataset(dir, Manifest.read(dir));
        try {
            d.loadVideos(dir.resolve(DatasetFiles.VIDEOS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        d.allocateRows(0);
        d.userRegion = new int[0];
        return d;
    }

    public int videoCount() {
        return videos.size();
    }

    public int userCount() {
        return users.size();
    }

    public Action actionOf(int row) {
        return Action.forNumber(action[row]);
    }

    /** watch_seconds / duration of a watch row, or NaN when the duration is unknown. */
    public double watchRatio(int row) {
        int v = video[row];
        int d = v < 0 ? 0 : videoDuration[v];
        return d > 0 ? watchSeconds[row] / d : Double.NaN;
    }

    public Interaction interaction(int row) {
        var b = Interaction.newBuilder().setUserId(users.value(user[row])).setAction(actionOf(row));
        if (video[row] >= 0) b.setVideoId(videos.value(video[row]));
        if (action[row] == Action.watch_VALUE || watchSeconds[row] > 0) b.setWatchSeconds(watchSeconds[row]);
        if (surface[row] > 0) b.setSurface(Surface.forNumber(surface[row]));
        if (position[row] >= 0) b.setPosition(position[row]);
        if (request[row] >= 0) b.setRequestId(requests.value(request[row]));
        if (time[row] != NO_TIME) b.setOccurredAt(timestamp(time[row]));
        if (device[row] >= 0) b.setDevice(devices.value(device[row]));
        if (region[row] >= 0) b.setRegion(regions.value(region[row]));
        if (target[row] > 0) b.setTarget(NotInterestedTarget.forNumber(target[row]));
        if (channel[row] >= 0) b.setChannelId(channels.value(channel[row]));
        if (bucket[row] >= 0) b.setBucket(buckets.value(bucket[row]));
        if (utcOffset[row] != NO_OFFSET) b.setUtcOffsetMinutes(utcOffset[row]);
        return b.build();
    }

    public VideoPublished videoPublished(int v) {
        var b = VideoPublished.newBuilder().setVideoId(videos.value(v));
        if (videoChannel[v] >= 0) b.setChannelId(channels.value(videoChannel[v]));
        if (videoTitle[v] != null) b.setTitle(videoTitle[v]);
        if (videoTags[v] != null) b.addAllTags(Arrays.asList(videoTags[v].split("\\|")));
        if (videoCategory[v] >= 0) b.setCategory(categories.value(videoCategory[v]));
        if (videoLanguage[v] >= 0) b.setLanguage(languages.value(videoLanguage[v]));
        if (videoDuration[v] > 0) b.setDurationSeconds(videoDuration[v]);
        if (videoPublished[v] != NO_TIME) b.setPublishedAt(timestamp(videoPublished[v]));
        if (videoRegion[v] >= 0) b.setRegion(regions.value(videoRegion[v]));
        return b.build();
    }

    public static Timestamp timestamp(long ms) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(ms, 1000)).setNanos((int) Math.floorMod(ms, 1000) * 1_000_000).build();
    }

    private void loadVideos(Path file) throws IOException {
        int n = (int) (long) manifest.counts().getOrDefault("videos", 1024L);
        videoChannel = new int[n]; videoCategory = new int[n]; videoRegion = new int[n]; videoLanguage = new int[n];
        videoDuration = new int[n]; videoPublished = new long[n]; videoTags = new String[n]; videoTitle = new String[n];
        try (BufferedReader r = Gzip.reader(file)) {
            int[] c = Csv.columns(r.readLine(), file.toString(), "video_id", "channel_id", "category", "tags",
                    "language", "region", "duration_seconds", "published_at_ms", "title");
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] f = Csv.split(line);
                int v = videos.id(f[c[0]]);
                if (v < videos.size() - 1) continue; // a repeated row: first one wins
                if (v >= videoChannel.length) growVideos(v * 2 + 16);
                videoChannel[v] = channels.id(f[c[1]]);
                videoCategory[v] = categories.id(f[c[2]]);
                videoTags[v] = f[c[3]].isEmpty() ? null : f[c[3]];
                videoLanguage[v] = languages.id(f[c[4]]);
                videoRegion[v] = regions.id(f[c[5]]);
                videoDuration[v] = f[c[6]].isEmpty() ? 0 : Integer.parseInt(f[c[6]]);
                videoPublished[v] = f[c[7]].isEmpty() ? NO_TIME : Long.parseLong(f[c[7]]);
                videoTitle[v] = c[8] < f.length && !f[c[8]].isEmpty() ? f[c[8]] : null;
            }
        }
        growVideos(videos.size());
    }

    private void growVideos(int n) {
        videoChannel = Arrays.copyOf(videoChannel, n); videoCategory = Arrays.copyOf(videoCategory, n);
        videoRegion = Arrays.copyOf(videoRegion, n); videoLanguage = Arrays.copyOf(videoLanguage, n);
        videoDuration = Arrays.copyOf(videoDuration, n); videoPublished = Arrays.copyOf(videoPublished, n);
        videoTags = Arrays.copyOf(videoTags, n); videoTitle = Arrays.copyOf(videoTitle, n);
    }

    private void loadInteractions(Path file) throws IOException {
        int n = (int) Math.min(Integer.MAX_VALUE - 16, manifest.counts().getOrDefault("interactions", 1024L));
        allocateRows(Math.max(16, n));
        try (BufferedReader r = Gzip.reader(file)) {
            String header = r.readLine();
            int[] c = Csv.columns(header, file.toString(), "user_id", "video_id", "action", "watch_seconds",
                    "surface", "position", "request_id", "occurred_at_ms", "device", "region", "target", "channel_id");
            // Optional: datasets from before the experiments (and the public ones) have no bucket.
            int bucketColumn = optionalColumn(header, "bucket");
            int offsetColumn = optionalColumn(header, DatasetFiles.UTC_OFFSET_COLUMN);
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] f = Csv.splitPlain(line, ',');
                if (rows == user.length) growRows(rows * 2);
                int i = rows++;
                user[i] = users.id(f[c[0]]);
                String vid = f[c[1]];
                video[i] = vid.isEmpty() ? -1 : videos.find(vid);
                if (!vid.isEmpty() && video[i] < 0) {
                    throw new IllegalArgumentException(file + " row " + rows + ": video " + vid + " is not in " + DatasetFiles.VIDEOS);
                }
                Action a = Action.valueOf(f[c[2]]);
                action[i] = (byte) a.getNumber();
                watchSeconds[i] = f[c[3]].isEmpty() ? 0f : Float.parseFloat(f[c[3]]);
                surface[i] = f[c[4]].isEmpty() ? 0 : (byte) Surface.valueOf(f[c[4]]).getNumber();
                position[i] = f[c[5]].isEmpty() ? -1 : Short.parseShort(f[c[5]]);
                request[i] = requests.id(f[c[6]]);
                time[i] = f[c[7]].isEmpty() ? NO_TIME : Long.parseLong(f[c[7]]);
                device[i] = (byte) devices.id(f[c[8]]);
                region[i] = regions.id(f[c[9]]);
                target[i] = f[c[10]].isEmpty() ? 0 : (byte) NotInterestedTarget.valueOf(f[c[10]]).getNumber();
                channel[i] = channels.id(f[c[11]]);
                bucket[i] = bucketColumn >= 0 && bucketColumn < f.length ? buckets.id(f[bucketColumn]) : -1;
                utcOffset[i] = offsetColumn >= 0 && offsetColumn < f.length && !f[offsetColumn].isEmpty()
                        ? Short.parseShort(f[offsetColumn]) : NO_OFFSET;
            }
        }
        growRows(rows);
        userRegion = new int[users.size()];
        Arrays.fill(userRegion, -1);
        for (int i = 0; i < rows; i++) if (userRegion[user[i]] < 0) userRegion[user[i]] = region[i];
    }

    private void loadUsers(Path file) throws IOException {
        if (!Files.exists(file)) return;
        try (BufferedReader r = Gzip.reader(file)) {
            int[] c = Csv.columns(r.readLine(), file.toString(), "user_id", "home_region");
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = Csv.split(line);
                int u = users.find(f[c[0]]);
                if (u >= 0 && !f[c[1]].isEmpty()) userRegion[u] = regions.id(f[c[1]]);
            }
        }
    }

    private static int optionalColumn(String header, String name) {
        try {
            return Csv.columns(header, "", name)[0];
        } catch (IllegalArgumentException absent) {
            return -1;
        }
    }

    private void allocateRows(int n) {
        bucket = new int[n];
        utcOffset = new short[n];
        user = new int[n]; video = new int[n]; channel = new int[n]; request = new int[n]; region = new int[n];
        action = new byte[n]; surface = new byte[n]; device = new byte[n]; target = new byte[n];
        watchSeconds = new float[n]; position = new short[n]; time = new long[n];
    }

    private void growRows(int n) {
        bucket = Arrays.copyOf(bucket, n);
        utcOffset = Arrays.copyOf(utcOffset, n);
        user = Arrays.copyOf(user, n); video = Arrays.copyOf(video, n); channel = Arrays.copyOf(channel, n);
        request = Arrays.copyOf(request, n); region = Arrays.copyOf(region, n); action = Arrays.copyOf(action, n);
        surface = Arrays.copyOf(surface, n); device = Arrays.copyOf(device, n); target = Arrays.copyOf(target, n);
        watchSeconds = Arrays.copyOf(watchSeconds, n); position = Arrays.copyOf(position, n); time = Arrays.copyOf(time, n);
    }

    /**
     * Drops every interaction row whose {@code keep} entry is false, in place (catalogue, users and
     * interners are untouched, so ids keep their indices). A trainer uses it to learn from exactly
     * the evaluator's training split.
     */
    public void retainRows(boolean[] keep) {
        if (keep.length != rows) throw new IllegalArgumentException("keep has " + keep.length + " entries for " + rows + " rows");
        int n = 0;
        for (int i = 0; i < rows; i++) {
            if (!keep[i]) continue;
            user[n] = user[i]; video[n] = video[i]; channel[n] = channel[i]; request[n] = request[i]; region[n] = region[i];
            action[n] = action[i]; surface[n] = surface[i]; device[n] = device[i]; target[n] = target[i];
            watchSeconds[n] = watchSeconds[i]; position[n] = position[i]; time[n] = time[i];
            bucket[n] = bucket[i]; utcOffset[n] = utcOffset[i];
            n++;
        }
        rows = n;
        user = Arrays.copyOf(user, n); video = Arrays.copyOf(video, n); channel = Arrays.copyOf(channel, n);
        request = Arrays.copyOf(request, n); region = Arrays.copyOf(region, n); action = Arrays.copyOf(action, n);
        surface = Arrays.copyOf(surface, n); device = Arrays.copyOf(device, n); target = Arrays.copyOf(target, n);
        watchSeconds = Arrays.copyOf(watchSeconds, n); position = Arrays.copyOf(position, n); time = Arrays.copyOf(time, n);
        bucket = Arrays.copyOf(bucket, n); utcOffset = Arrays.copyOf(utcOffset, n);
    }

    /** Rows of each user, as offsets into {@link #userRowIndex()}: rows of user u are index[start[u] .. start[u+1]). */
    public int[] userRowStart() {
        int[] start = new int[users.size() + 1];
        for (int i = 0; i < rows; i++) start[user[i] + 1]++;
        for (int u = 0; u < users.size(); u++) start[u + 1] += start[u];
        return start;
    }

    /** Row numbers grouped by user, each user's in file (time) order; pairs with {@link #userRowStart()}. */
    public int[] userRowIndex(int[] start) {
        int[] next = Arrays.copyOf(start, start.length - 1);
        int[] index = new int[rows];
        for (int i = 0; i < rows; i++) index[next[user[i]]++] = i;
        return index;
    }

    /** One line of what was loaded, for logs. */
    public List<String> describe() {
        return List.of(manifest.name(), videos.size() + " videos", users.size() + " users", rows + " interactions");
    }
}
