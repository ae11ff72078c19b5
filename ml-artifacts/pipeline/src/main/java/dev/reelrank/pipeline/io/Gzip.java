package dev.reelrank.pipeline.io;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip helpers. Big files are written as a concatenation of independently compressed members
 * (valid gzip, read transparently by {@link GZIPInputStream} and {@code zcat}), so worker threads
 * compress their own chunks and the writer only copies bytes.
 */
public final class Gzip {
    /** Fast level: the files are intermediate data, written once and read a few times. */
    public static final int LEVEL = Deflater.BEST_SPEED;
    private static final int BUFFER = 1 << 16;

    private Gzip() {}

    public static byte[] member(byte[] raw, int length) {
        var bytes = new ByteArrayOutputStream(Math.max(1024, length / 3));
        try (var gz = new LeveledGzip(bytes, LEVEL)) {
            gz.write(raw, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] member(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        return member(raw, raw.length);
    }

    public static OutputStream rawOut(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
    }

    public static OutputStream out(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new BufferedOutputStream(new LeveledGzip(Files.newOutputStream(file), LEVEL), BUFFER);
    }

    /** Reads plain or gzip-compressed text (by the .gz suffix). */
    public static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, BUFFER);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
    }

    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }
}
