package dev.reelrank.model.ranking.drift;

import dev.reelrank.model.ranking.FeatureRow;
import java.util.Arrays;
import java.util.List;

/**
 * Bin counts of the most recent rows, as a ring of sub-windows ("slots") of {@code ceil(window /
 * slots)} rows each: rows go into the newest slot; when it is full the oldest slot is cleared and
 * becomes the newest. So the window slides in steps of one slot and, once filled, holds between
 * {@code window − window/slots} and {@code window} rows, without keeping any row. Counted by rows,
 * not by time, so a quiet hour does not empty it and a test needs no clock.
 *
 * <p>Counts are flat {@code long} arrays (one per slot, features side by side): adding a row
 * allocates nothing. Not thread-safe: {@link DriftMonitor} guards it.
 */
public final class DriftWindow {
    private final DriftReference reference;
    private final int[] offset;
    private final long[][] slots;
    private final long[] slotRows;
    private final long rowsPerSlot;
    private int head;

    public DriftWindow(DriftReference reference, long windowRows, int slotCount) {
        if (windowRows < 1 || slotCount < 1) throw new IllegalArgumentException("window rows and slots must be >= 1");
        this.reference = reference;
        var features = reference.features();
        offset = new int[features.size() + 1];
        for (int f = 0; f < features.size(); f++) offset[f + 1] = offset[f] + features.get(f).referenceShares().length;
        slots = new long[slotCount][offset[features.size()]];
        slotRows = new long[slotCount];
        rowsPerSlot = (windowRows + slotCount - 1) / slotCount;
    }

    public DriftReference reference() {
        return reference;
    }

    public void addAll(List<FeatureRow> rows) {
        for (int i = 0; i < rows.size(); i++) add(rows.get(i));
    }

    public void add(FeatureRow row) {
        if (slotRows[head] >= rowsPerSlot) {
            head = (head + 1) % slots.length;
            Arrays.fill(slots[head], 0);
            slotRows[head] = 0;
        }
        long[] counts = slots[head];
        var features = reference.features();
        for (int f = 0; f < features.size(); f++) counts[offset[f] + features.get(f).bin(row)]++;
        slotRows[head]++;
    }

    /** Rows in the window now. */
    public long rows() {
        long n = 0;
        for (long r : slotRows) n += r;
        return n;
    }

    /** Feature {@code f}'s count per bin over the window. */
    public long[] counts(int f) {
        long[] out = new long[offset[f + 1] - offset[f]];
        for (long[] slot : slots) {
            for (int b = 0; b < out.length; b++) out[b] += slot[offset[f] + b];
        }
        return out;
    }

    public void clear() {
        for (long[] slot : slots) Arrays.fill(slot, 0);
        Arrays.fill(slotRows, 0);
        head = 0;
    }
}
