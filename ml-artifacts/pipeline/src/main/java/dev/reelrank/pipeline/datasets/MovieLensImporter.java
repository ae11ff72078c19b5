package dev.reelrank.pipeline.datasets;

import dev.reelrank.pipeline.io.Csv;
import dev.reelrank.pipeline.io.Gzip;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports MovieLens (GroupLens): {@code ratings.csv} + {@code movies.csv} (ml-latest, ml-25m: header
 * userId,movieId,rating,timestamp / movieId,title,genres) or {@code ratings.dat} + {@code movies.dat}
 * (ml-1m: {@code ::}-separated, ISO-8859-1). A rating at or above {@code likeAt} becomes a
 * {@code like}, below it a {@code dislike}; occurred_at = the rating's timestamp. A movie becomes a
 * {@code video.published} with its title, its first genre as category and all genres as tags
 * (duration, channel, language unknown). Each user's rows are written in time order.
 */
public record MovieLensImporter(double likeAt) {
    public static final String SOURCE = "/reelrank/import/movielens";
    public static final MovieLensImporter DEFAULTS = new MovieLensImporter(4.0);

    public ImportResult importFolder(Path input, Path out, String name) {
        try {
            boolean csv = Files.exists(input.resolve("ratings.csv"));
            boolean dat = Files.exists(input.resolve("ratings.dat"));
            if (!csv && !dat) {
                throw new IllegalArgumentException(input + " has neither ratings.csv (ml-latest, ml-25m) nor ratings.dat (ml-1m)");
            }
            Map<String, String[]> movies = csv ? readMoviesCsv(input.resolve("movies.csv")) : readMoviesDat(input.resolve("movies.dat"));
            Ratings ratings = csv ? readRatings(input.resolve("ratings.csv"), true) : readRatings(input.resolve("ratings.dat"), false);
            return write(movies, ratings, out, name, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Column arrays of the ratings; users and movies as they appear. */
    private static final class Ratings {
        final Interner users = new Interner();
        final Interner movies = new Interner();
        int n;
        int[] user = new int[1024], movie = new int[1024];
        float[] rating = new float[1024];
        long[] seconds = new long[1024];
        long skipped;

        void add(String u, String m, float r, long t) {
            if (n == user.length) {
                user = Arrays.copyOf(user, n * 2); movie = Arrays.copyOf(movie, n * 2);
                rating = Arrays.copyOf(rating, n * 2); seconds = Arrays.copyOf(seconds, n * 2);
            }
            user[n] = users.id(u); movie[n] = movies.id(m); rating[n] = r; seconds[n] = t;
            n++;
        }
    }

    private static Ratings readRatings(Path file, boolean csv) throws IOException {
        var out = new Ratings();
        try (BufferedReader r = Gzip.reader(file)) {
            int[] c = {0, 1, 2, 3};
            if (csv) c = Csv.columns(r.readLine(), file.toString(), "userId", "movieId", "rating", "timestamp");
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = csv ? Csv.split(line) : line.split("::");
                try {
                    out.add(f[c[0]].trim(), f[c[1]].trim(), Float.parseFloat(f[c[2]]), Long.parseLong(f[c[3]].trim()));
                } catch (RuntimeException e) {
                    out.skipped++;
                }
            }
        }
        return out;
    }

    /** movieId → {title, genres}. */
    private static Map<String, String[]> readMoviesCsv(Path file) throws IOException {
        var out = new LinkedHashMap<String, String[]>();
        if (!Files.exists(file)) return out;
        try (BufferedReader r = Gzip.reader(file)) {
            int[] c = Csv.columns(r.readLine(), file.toString(), "movieId", "title", "genres");
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = Csv.split(line);
                if (f.length > c[2]) out.put(f[c[0]].trim(), new String[]{f[c[1]], f[c[2]]});
            }
        }
        return out;
    }

    private static Map<String, String[]> readMoviesDat(Path file) throws IOException {
        var out = new LinkedHashMap<String, String[]>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file, Charset.forName("ISO-8859-1"))) {
            String[] f = line.split("::");
            if (f.length >= 3) out.put(f[0].trim(), new String[]{f[1], f[2]});
        }
        return out;
    }

    private ImportResult write(Map<String, String[]> movies, Ratings r, Path out, String name, Path input) throws IOException {
        Files.createDirectories(out);
        try (OutputStream w = Gzip.out(out.resolve(DatasetFiles.VIDEOS))) {
            w.write((DatasetFiles.VIDEO_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            var sb = new StringBuilder(256);
            for (int m = 0; m < r.movies.size(); m++) {
                String id = r.movies.value(m);
                String[] meta = movies.get(id);
                List<String> genres = meta == null || meta[1].isEmpty() || meta[1].startsWith("(no genres")
                        ? List.of() : List.of(meta[1].split("\\|"));
                sb.setLength(0);
                Rows.video(sb, "ml-v" + id, null, genres.isEmpty() ? null : genres.getFirst(), genres, null, null, 0,
                        Dataset.NO_TIME, meta == null ? null : meta[0]);
                w.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        int[] order = userTimeOrder(r);
        long likes = 0;
        try (OutputStream w = Gzip.out(out.resolve(DatasetFiles.INTERACTIONS))) {
            w.write((DatasetFiles.INTERACTION_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            var sb = new StringBuilder(1 << 16);
            for (int i : order) {
                boolean like = r.rating[i] >= likeAt;
                likes += like ? 1 : 0;
                Rows.interaction(sb, "ml-u" + r.users.value(r.user[i]), "ml-v" + r.movies.value(r.movie[i]),
                        like ? "like" : "dislike", -1, null, -1, null, r.seconds[i] * 1000, null, null, null, null);
                if (sb.length() > 60_000) { w.write(sb.toString().getBytes(StandardCharsets.UTF_8)); sb.setLength(0); }
            }
            w.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        var params = new LinkedHashMap<String, Object>();
        params.put("input", input.toString());
        params.put("likeAt", likeAt);
        params.put("likes", likes);
        new Manifest(name, "imported", SOURCE, "scripts/import movielens", params, null,
                Map.of("videos", (long) r.movies.size(), "users", (long) r.users.size(), "interactions", (long) r.n),
                true, false, false, null,
                "like (rating >= " + likeAt + ")", null).write(out);
        return new ImportResult(out, r.users.size(), r.movies.size(), r.n, r.skipped);
    }

    /** Rows grouped by user (first-seen order), each user's by timestamp (stable). */
    private static int[] userTimeOrder(Ratings r) {
        int users = r.users.size();
        int[] start = new int[users + 1];
        for (int i = 0; i < r.n; i++) start[r.user[i] + 1]++;
        for (int u = 0; u < users; u++) start[u + 1] += start[u];
        int[] next = Arrays.copyOf(start, users);
        int[] order = new int[r.n];
        for (int i = 0; i < r.n; i++) order[next[r.user[i]]++] = i;
        for (int u = 0; u < users; u++) {
            int from = start[u], to = start[u + 1];
            long[] keys = new long[to - from];
            for (int k = from; k < to; k++) keys[k - from] = (r.seconds[order[k]] << 24) | (k - from);
            Arrays.sort(keys);
            int[] block = Arrays.copyOfRange(order, from, to);
            for (int k = 0; k < keys.length; k++) order[from + k] = block[(int) (keys[k] & 0xFFFFFF)];
        }
        return order;
    }
}
