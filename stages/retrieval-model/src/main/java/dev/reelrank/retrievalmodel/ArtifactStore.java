package dev.reelrank.retrievalmodel;

import dev.reelrank.modelartifacts.VersionedFolders;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where two-tower artifacts live: {@code <root>/two-tower/<version>/}, plus a {@code LATEST} file
 * naming the version serving should pick (the layout and its atomic writes: {@link VersionedFolders}).
 */
public final class ArtifactStore extends VersionedFolders {
    public static final String MODEL_DIR = "two-tower";

    /** @param root the folder that holds {@code two-tower/} (e.g. ml-artifacts/models) */
    public ArtifactStore(Path root) {
        super(root, MODEL_DIR);
    }

    /**
     * The store of a configured model location: a models root as it is, or the root two levels above
     * a version folder ({@code <root>/two-tower/<version>}), where the other versions a rollout may
     * name live.
     */
    public static ArtifactStore of(Path dirOrRoot) {
        return new ArtifactStore(rootOf(dirOrRoot, ModelMetadata.FILE));
    }

    public static String newVersion(Clock clock) {
        return newVersion("tt", clock);
    }
}
