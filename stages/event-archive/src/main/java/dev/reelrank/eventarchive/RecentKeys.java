package dev.reelrank.eventarchive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The last {@code capacity} event identities ({@code source} + {@code id}) seen on one Kafka
 * partition, oldest evicted first. Identities are kept as 64-bit digests: 8 bytes each in
 * memory and in the state file, and at 20,000 keys the chance that two different events collide
 * is about 1 in 10^10 per partition.
 */
final class RecentKeys {
    private final int capacity;
    private final ArrayDeque<Long> order = new ArrayDeque<>();
    private final Set<Long> present = new HashSet<>();

    RecentKeys(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("dedup window must be >= 0");
        this.capacity = capacity;
    }

    /** Adds a key; false if it was already among the recent ones (a duplicate). */
    boolean add(long key) {
        if (capacity == 0) return true;
        if (!present.add(key)) return false;
        order.addLast(key);
        if (order.size() > capacity) present.remove(order.removeFirst());
        return true;
    }

    void addAll(long[] keys) {
        for (long k : keys) add(k);
    }

    long[] snapshot() {
        return order.stream().mapToLong(Long::longValue).toArray();
    }

    int size() {
        return order.size();
    }

    static long identity(String source, String id) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] d = sha.digest(id.getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (d[i] & 0xff);
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
