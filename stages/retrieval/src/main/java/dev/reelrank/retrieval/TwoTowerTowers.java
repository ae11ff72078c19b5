package dev.reelrank.retrieval;

import dev.reelrank.model.RequestContext;
import dev.reelrank.proto.v1.UserFeatures;
import dev.reelrank.proto.v1.VideoFeatures;
import dev.reelrank.retrievalmodel.TwoTowerModel;
import java.util.List;

/** The towers of a loaded {@link TwoTowerModel} (whose inference is thread-safe). */
public final class TwoTowerTowers {
    private TwoTowerTowers() {}

    public static UserTower user(TwoTowerModel model) {
        return new UserTower() {
            @Override
            public String version() {
                return model.version();
            }

            @Override
            public float[] embed(UserFeatures user, RequestContext context) {
                return model.userEmbedding(user, context);
            }
        };
    }

    public static VideoTower video(TwoTowerModel model) {
        return new VideoTower() {
            @Override
            public String version() {
                return model.version();
            }

            @Override
            public float[][] embed(List<VideoFeatures> videos) {
                return model.videoEmbeddings(videos);
            }
        };
    }
}
