package dev.reelrank.model;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A video proposed for a feed. {@code score} is whatever the last stage that touched it
 * produced (retrieval similarity, popularity, or ranking score); {@code sources} names every
 * candidate source that proposed it, first one first. The score a feed serves is derived from the
 * order instead (see {@link FeedItem}): the sources' scores are not comparable with one another.
 */
public record Candidate(String videoId, String channelId, double score, Set<String> sources) {
    public Candidate {
        Objects.requireNonNull(videoId, "videoId");
        // Copied once: withScore/withChannel pass the immutable copy on as it is. A feed makes
        // ~1,000 candidates and copies each a few times (merge, channel, ranking); a LinkedHashSet
        // per copy was a visible share of feed-assembly's allocation.
        if (!(sources instanceof Sources)) sources = Sources.copyOf(sources);
    }

    public static Candidate of(String videoId, String channelId, double score, String source) {
        return new Candidate(videoId, channelId, score, Sources.of(source));
    }

    public Candidate withScore(double newScore) {
        return new Candidate(videoId, channelId, newScore, sources);
    }

    public Candidate withChannel(String channel) {
        return new Candidate(videoId, channel, score, sources);
    }

    /**
     * The same candidate presented as coming from {@code source}: it leads the sources (it is what a
     * client sees), the sources that proposed it follow.
     */
    public Candidate taggedAs(String source) {
        var tagged = new LinkedHashSet<String>(sources.size() + 1);
        tagged.add(source);
        tagged.addAll(sources);
        return new Candidate(videoId, channelId, score, tagged);
    }

    /** The source a client sees: the first that proposed the video. */
    public String primarySource() {
        return sources.isEmpty() ? "unknown" : sources.iterator().next();
    }

    /** Same video from two sources: keep the better score, remember both sources. */
    public Candidate mergedWith(Candidate other) {
        if (!videoId.equals(other.videoId)) {
            throw new IllegalArgumentException("cannot merge " + videoId + " with " + other.videoId);
        }
        var merged = new LinkedHashSet<>(sources);
        merged.addAll(other.sources);
        return new Candidate(videoId, channelId != null ? channelId : other.channelId,
                Math.max(score, other.score), merged);
    }

    /** An immutable set in insertion order over a small array (a candidate has one to six sources). */
    private static final class Sources extends AbstractSet<String> {
        private final String[] names;

        private Sources(String[] names) {
            this.names = names;
        }

        static Sources of(String name) {
            return new Sources(new String[]{Objects.requireNonNull(name, "source")});
        }

        static Sources copyOf(Set<String> sources) {
            var distinct = new LinkedHashSet<>(sources); // keeps the given order, drops nothing a Set holds
            for (String s : distinct) Objects.requireNonNull(s, "source");
            return new Sources(distinct.toArray(new String[0]));
        }

        @Override
        public Iterator<String> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < names.length;
                }

                @Override
                public String next() {
                    if (next >= names.length) throw new NoSuchElementException();
                    return names[next++];
                }
            };
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public boolean contains(Object o) {
            for (String n : names) if (n.equals(o)) return true;
            return false;
        }
    }
}
