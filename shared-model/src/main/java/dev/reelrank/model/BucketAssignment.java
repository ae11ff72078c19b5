package dev.reelrank.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which experiment bucket a user is in: a pure function of the user id, the salt and the bucket
 * list, so every replica, every restart and the offline evaluator agree without storing anything.
 *
 * <p>The user id (UTF-8, after the salt) is hashed to 64 bits and reduced to one of {@code slots}
 * slots; each bucket owns a contiguous run of slots in list order, as long as its share of the
 * total. Slots rather than a direct share comparison so a bucket's size is an exact count the
 * operator can reason about, and so growing one bucket at the end only moves the users of the slots
 * that change hands. A new salt re-shuffles everyone: a new experiment does not inherit the
 * previous one's split (whose users may still carry its effects).
 *
 * <p>The hash is FNV-1a over the bytes followed by a 64-bit avalanche finaliser: FNV alone leaves
 * the low bits of similar ids (u1, u2, ...) correlated, which a modulo would turn into a skewed
 * split; the finaliser spreads every input bit over every output bit.
 */
public final class BucketAssignment {
    /** The one bucket of a deployment that runs no experiment. */
    public static final String CONTROL = "control";

    /** @param share relative size (any unit: percent, weights); 0 = the bucket receives nobody */
    public record Bucket(String name, double share) {
        public Bucket {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) throw new IllegalArgumentException("a bucket needs a name");
            if (!(share >= 0) || Double.isInfinite(share)) throw new IllegalArgumentException("bucket " + name + ": share must be >= 0, was " + share);
        }
    }

    private final List<Bucket> buckets;
    private final String salt;
    private final int slots;
    /** ends[i]: the first slot after bucket i's run. */
    private final int[] ends;

    public BucketAssignment(List<Bucket> buckets, int slots, String salt) {
        this.buckets = List.copyOf(buckets);
        this.salt = Objects.requireNonNull(salt, "salt");
        this.slots = slots;
        if (this.buckets.isEmpty()) throw new IllegalArgumentException("at least one bucket");
        if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, was " + slots);
        var names = new HashSet<String>();
        double total = 0;
        for (Bucket b : this.buckets) {
            if (!names.add(b.name())) throw new IllegalArgumentException("bucket " + b.name() + " named twice");
            total += b.share();
        }
        if (!(total > 0)) throw new IllegalArgumentException("the buckets' shares add up to 0");
        ends = new int[this.buckets.size()];
        double cumulative = 0;
        for (int i = 0; i < ends.length; i++) {
            Bucket b = this.buckets.get(i);
            cumulative += b.share();
            // Rounding the cumulative share (not each share) makes the runs tile [0, slots) exactly.
            ends[i] = i == ends.length - 1 ? slots : (int) Math.round(cumulative / total * slots);
            int start = i == 0 ? 0 : ends[i - 1];
            if (b.share() > 0 && ends[i] == start) {
                throw new IllegalArgumentException("bucket " + b.name() + " is too small for " + slots + " slots; raise the slot count");
            }
        }
    }

    /** Everyone in {@link #CONTROL}. */
    public static BucketAssignment single() {
        return new BucketAssignment(List.of(new Bucket(CONTROL, 1)), 1, "");
    }

    public List<Bucket> buckets() {
        return buckets;
    }

    public String bucketOf(String userId) {
        int slot = slotOf(userId);
        for (int i = 0; i < ends.length; i++) if (slot < ends[i]) return buckets.get(i).name();
        throw new AssertionError("slot " + slot + " beyond " + slots);
    }

    int slotOf(String userId) {
        return (int) Long.remainderUnsigned(hash(salt, userId), slots);
    }

    /** The stable 64-bit hash of {@code salt} and {@code userId} (a zero byte between them, so "ab"+"c" ≠ "a"+"bc"). */
    public static long hash(String salt, String userId) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, salt.getBytes(StandardCharsets.UTF_8));
        h *= 0x100000001b3L; // the separator: FNV of a zero byte is the multiplication alone
        h = fnv(h, userId.getBytes(StandardCharsets.UTF_8));
        return avalanche(h);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        return h;
    }

    /** Bit mixing constants of the widely used 64-bit finaliser (Stafford's variant 13). */
    private static long avalanche(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The buckets' names in list order. */
    public List<String> names() {
        var names = new ArrayList<String>(buckets.size());
        for (Bucket b : buckets) names.add(b.name());
        return names;
    }
}
