package dev.reelrank.pipeline;

import dev.reelrank.pipeline.datasets.ImportResult;
import dev.reelrank.pipeline.datasets.KuaiRecImporter;
import dev.reelrank.pipeline.datasets.MovieLensImporter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code import kuairec|movielens}: a public data set into the pipeline's data set folder format. */
@Command(name = "import", usageHelpAutoWidth = true,
        header = "Import a public data set into a data set folder (scripts/import).",
        description = "import kuairec|movielens --input DIR [options]; import <format> --help lists a format's options.",
        subcommands = {ImportCommand.KuaiRec.class, ImportCommand.MovieLens.class})
final class ImportCommand {

    /** The options both formats take. */
    static final class Common {
        @Option(names = "--input", required = true, paramLabel = "DIR", description = "The unpacked data set.")
        Path input;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default var/datasets/<name>).")
        Path out;

        @Mixin
        PostFlags post;

        void finish(ImportResult r) {
            System.err.println("imported " + r);
            post.postIfAsked(r.dir());
        }
    }

    @Command(name = "kuairec", sortOptions = false, usageHelpAutoWidth = true, header = "Import KuaiRec.")
    static final class KuaiRec implements Runnable {
        @Mixin
        Common common;

        @Option(names = "--name", paramLabel = "NAME", description = "Data set name (default ${DEFAULT-VALUE}).")
        String name = "kuairec";

        @Option(names = "--nominal-duration", paramLabel = "S", description = "Seconds per video where durations are missing (default ${DEFAULT-VALUE}).")
        int nominalDuration = KuaiRecImporter.DEFAULTS.nominalDurationSeconds();

        @Option(names = "--positive-watch-ratio", paramLabel = "R", description = "Watch ratio that makes a positive, written into the manifest (default ${DEFAULT-VALUE}).")
        double positiveWatchRatio = KuaiRecImporter.DEFAULTS.positiveWatchRatio();

        @Override
        public void run() {
            Path out = Cli.outDir(common.out, "var/datasets/" + name);
            common.finish(new KuaiRecImporter(nominalDuration, positiveWatchRatio).importFolder(common.input, out, name));
        }
    }

    @Command(name = "movielens", sortOptions = false, usageHelpAutoWidth = true, header = "Import MovieLens (ml-latest, ml-25m or ml-1m).")
    static final class MovieLens implements Runnable {
        @Mixin
        Common common;

        @Option(names = "--name", paramLabel = "NAME", description = "Data set name (default ${DEFAULT-VALUE}).")
        String name = "movielens";

        @Option(names = "--like-at", paramLabel = "RATING", description = "A rating at or above this is a like (default ${DEFAULT-VALUE}).")
        double likeAt = MovieLensImporter.DEFAULTS.likeAt();

        @Override
        public void run() {
            Path out = Cli.outDir(common.out, "var/datasets/" + name);
            common.finish(new MovieLensImporter(likeAt).importFolder(common.input, out, name));
        }
    }
}
