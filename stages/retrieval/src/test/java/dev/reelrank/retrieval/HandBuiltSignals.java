package dev.reelrank.retrieval;

import dev.reelrank.model.Popularity.ScoredVideo;
import dev.reelrank.model.RetrievalSignals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fixed answers behind the RetrievalSignals interface; records which lists were asked for. */
final class HandBuiltSignals implements RetrievalSignals {
    final Map<String, List<ScoredVideo>> trending = new HashMap<>();
    final Map<String, List<Upload>> uploads = new HashMap<>();
    final Map<String, List<Upload>> fresh = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public synchronized List<ScoredVideo> trending(String region, int n) {
        asked.add("trending:" + region);
        return trending.getOrDefault(region, List.of()).stream().limit(n).toList();
    }

    @Override
    public synchronized List<Upload> channelUploads(Collection<String> channelIds, int perChannel) {
        asked.add("channels:" + String.join(",", channelIds));
        var out = new ArrayList<Upload>();
        for (String c : channelIds) out.addAll(uploads.getOrDefault(c, List.of()).stream().limit(perChannel).toList());
        out.sort(Comparator.comparing(Upload::publishedAt).reversed());
        return out;
    }

    @Override
    public synchronized List<Upload> fresh(FreshScope scope, String value, int n) {
        asked.add(scope + ":" + value);
        return fresh.getOrDefault(scope + ":" + value, List.of()).stream().limit(n).toList();
    }
}
