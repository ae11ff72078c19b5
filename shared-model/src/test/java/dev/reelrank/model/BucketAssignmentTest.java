package dev.reelrank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketAssignmentTest {
    private static final List<BucketAssignment.Bucket> SPLIT = List.of(
            new BucketAssignment.Bucket("control", 80), new BucketAssignment.Bucket("low-lambda", 10),
            new BucketAssignment.Bucket("more-explore", 10));

    @Test
    void aUserAlwaysGetsTheSameBucket() {
        var a = new BucketAssignment(SPLIT, 10_000, "exp-1");
        var again = new BucketAssignment(SPLIT, 10_000, "exp-1");
        for (int i = 0; i < 1_000; i++) {
            String user = "user-" + i;
            assertEquals(a.bucketOf(user), a.bucketOf(user));
            assertEquals(a.bucketOf(user), again.bucketOf(user));
        }
    }

    /** Pinned values: a change of the hash would silently move every user of a running experiment. */
    @Test
    void theHashIsFrozen() {
        assertEquals(0x5c305e089fdcdbdbL, BucketAssignment.hash("exp-1", "u1"));
        assertEquals(0x1f6e7958a21f2376L, BucketAssignment.hash("", "alice"));
        var a = new BucketAssignment(SPLIT, 10_000, "exp-1");
        assertEquals("control", a.bucketOf("u1"));
        assertEquals("more-explore", a.bucketOf("u9"));
        assertTrue(BucketAssignment.hash("ab", "c") != BucketAssignment.hash("a", "bc"));
    }

    @Test
    void sharesHoldWithinToleranceOver100kUsers() {
        var a = new BucketAssignment(SPLIT, 10_000, "exp-1");
        Map<String, Integer> counts = new HashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) counts.merge(a.bucketOf("u" + i), 1, Integer::sum);
        // Binomial sd at 10 % of 100k is ~95 users: 1 % of n is > 10 sd.
        assertEquals(0.80, counts.get("control") / (double) n, 0.01);
        assertEquals(0.10, counts.get("low-lambda") / (double) n, 0.01);
        assertEquals(0.10, counts.get("more-explore") / (double) n, 0.01);
    }

    @Test
    void slotsAreUniformOverSequentialIds() {
        var a = new BucketAssignment(SPLIT, 10, "s");
        int[] perSlot = new int[10];
        for (int i = 0; i < 100_000; i++) perSlot[a.slotOf("u" + i)]++;
        for (int c : perSlot) assertEquals(10_000, c, 500);
    }

    @Test
    void anotherSaltReshufflesUsers() {
        var a = new BucketAssignment(SPLIT, 10_000, "exp-1");
        var b = new BucketAssignment(SPLIT, 10_000, "exp-2");
        int moved = 0, inLowA = 0, alsoLowB = 0;
        for (int i = 0; i < 100_000; i++) {
            String u = "u" + i;
            if (!a.bucketOf(u).equals(b.bucketOf(u))) moved++;
            if (a.bucketOf(u).equals("low-lambda")) {
                inLowA++;
                if (b.bucketOf(u).equals("low-lambda")) alsoLowB++;
            }
        }
        // Independent assignments: P(different) = 1 − (0.8² + 0.1² + 0.1²) = 0.34.
        assertEquals(0.34, moved / 100_000.0, 0.02);
        // Of one treatment's users, only its share lands there again.
        assertEquals(0.10, alsoLowB / (double) inLowA, 0.02);
    }

    @Test
    void growingTheLastBucketMovesOnlyTheSlotsThatChangeHands() {
        var before = new BucketAssignment(List.of(new BucketAssignment.Bucket("control", 95), new BucketAssignment.Bucket("t", 5)), 100, "s");
        var after = new BucketAssignment(List.of(new BucketAssignment.Bucket("control", 90), new BucketAssignment.Bucket("t", 10)), 100, "s");
        for (int i = 0; i < 10_000; i++) {
            String u = "u" + i;
            if (before.bucketOf(u).equals("t")) assertEquals("t", after.bucketOf(u));
        }
    }

    @Test
    void singleIsEveryoneInControl() {
        var a = BucketAssignment.single();
        for (int i = 0; i < 100; i++) assertEquals(BucketAssignment.CONTROL, a.bucketOf("u" + i));
        assertEquals(BucketAssignment.CONTROL, new BucketAssignment(List.of(new BucketAssignment.Bucket("control", 100)), 10_000, "x").bucketOf("é-ü"));
    }

    @Test
    void badConfigurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BucketAssignment(List.of(), 10, "s"));
        assertThrows(IllegalArgumentException.class, () -> new BucketAssignment(List.of(new BucketAssignment.Bucket("a", 0)), 10, "s"));
        assertThrows(IllegalArgumentException.class, () -> new BucketAssignment(
                List.of(new BucketAssignment.Bucket("a", 1), new BucketAssignment.Bucket("a", 1)), 10, "s"));
        assertThrows(IllegalArgumentException.class, () -> new BucketAssignment.Bucket("a", -1));
        // 0.01 % of 10 slots rounds to none.
        assertThrows(IllegalArgumentException.class, () -> new BucketAssignment(
                List.of(new BucketAssignment.Bucket("a", 99.99), new BucketAssignment.Bucket("b", 0.01), new BucketAssignment.Bucket("c", 0)), 10, "s"));
    }
}
