package dev.reelrank.streamingfeatures;

/** A record that cannot be applied, with why; written to the dead-letter topic as it was read. */
public record DeadLetter(RawRecord record, String reason) {
}
