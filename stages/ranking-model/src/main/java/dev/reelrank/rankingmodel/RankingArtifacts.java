package dev.reelrank.rankingmodel;

import dev.reelrank.modelartifacts.VersionedFolders;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where MMoE ranking artifacts live: {@code <root>/mmoe/<version>/} plus a {@code LATEST} file naming
 * the version serving should pick (the layout and its atomic writes: {@link VersionedFolders}, as for
 * the retrieval model; a folder of its own keeps the two kinds apart).
 */
public final class RankingArtifacts extends VersionedFolders {
    public static final String MODEL_DIR = "mmoe";

    /** @param root the folder that holds {@code mmoe/} (e.g. ml-artifacts/models) */
    public RankingArtifacts(Path root) {
        super(root, MODEL_DIR);
    }

    /** A models root as it is, or the root two levels above a version folder (one holding metadata.json). */
    public static RankingArtifacts of(Path dirOrRoot) {
        return new RankingArtifacts(rootOf(dirOrRoot, MmoeMetadata.FILE));
    }

    public static String newVersion(Clock clock) {
        return newVersion("mmoe", clock);
    }
}
