package dev.reelrank.eventarchive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the archiver must remember about one Kafka partition beyond its committed offset: the
 * batch it was writing last (offsets {@code first..last}) and the recent event identities
 * before and within that batch. Written (durably, atomically) BEFORE the batch's data files, so
 * after a crash between the files and the offset commit the next owner of the partition can
 * write exactly the same batch again: same records, same de-duplication, same file names.
 *
 * @param first      offset of the batch's first record, or -1 when no batch was written yet
 * @param last       offset of its last record
 * @param keysBefore recent identities before the batch, oldest first
 * @param batchKeys  identities the batch added, in order
 */
record PartitionState(long first, long last, long[] keysBefore, long[] batchKeys) {
    private static final int MAGIC = 0x52524153; // "RRAS"
    private static final int VERSION = 1;

    static final PartitionState EMPTY = new PartitionState(-1, -1, new long[0], new long[0]);

    boolean hasBatch() {
        return first >= 0;
    }

    static PartitionState read(Path file) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) throw new IOException(file + " is not an archiver state file");
            int version = in.readInt();
            if (version != VERSION) throw new IOException(file + " has state version " + version + ", expected " + VERSION);
            long first = in.readLong(), last = in.readLong();
            return new PartitionState(first, last, readKeys(in), readKeys(in));
        } catch (NoSuchFileException none) {
            return EMPTY;
        }
    }

    void write(Path staged) throws IOException {
        Files.createDirectories(staged.toAbsolutePath().getParent());
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(staged), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(first);
            out.writeLong(last);
            writeKeys(out, keysBefore);
            writeKeys(out, batchKeys);
        }
    }

    private static long[] readKeys(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException("corrupt state: negative key count");
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = in.readLong();
        return keys;
    }

    private static void writeKeys(DataOutputStream out, long[] keys) throws IOException {
        out.writeInt(keys.length);
        for (long k : keys) out.writeLong(k);
    }
}
