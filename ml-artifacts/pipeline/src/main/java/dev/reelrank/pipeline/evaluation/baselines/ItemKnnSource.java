package dev.reelrank.pipeline.evaluation.baselines;

import dev.reelrank.model.Candidate;
import dev.reelrank.model.CandidateSource;
import dev.reelrank.model.FeedRequest;
import dev.reelrank.proto.v1.UserFeatures;
import java.util.ArrayList;
import java.util.List;

/** Videos that co-occur with the user's recent engaged history ({@link ItemKnn}); nothing for a user without history. */
public final class ItemKnnSource implements CandidateSource {
    public static final String NAME = "item-knn";
    private final ItemKnn model;

    public ItemKnnSource(ItemKnn model) {
        this.model = model;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> retrieve(FeedRequest request, UserFeatures user, int quota) {
        int[] history = model.history(user);
        if (history.length == 0) return List.of();
        var scored = model.recommend(history, quota);
        var out = new ArrayList<Candidate>(scored.ids().length);
        for (int k = 0; k < scored.ids().length; k++) {
            out.add(Candidate.of(model.data.videos.value(scored.ids()[k]), null, scored.scores()[k], NAME));
        }
        return out;
    }
}
