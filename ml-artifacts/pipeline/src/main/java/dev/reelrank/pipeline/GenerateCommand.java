package dev.reelrank.pipeline;

import dev.reelrank.pipeline.world.BehaviourModel;
import dev.reelrank.pipeline.world.WorldConfig;
import dev.reelrank.pipeline.world.WorldGenerator;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: a synthetic world (videos, users, interactions and their ground truth). */
@Command(name = "generate", sortOptions = false, usageHelpAutoWidth = true,
        header = "Generate a synthetic world (scripts/generate).",
        description = "Videos, users, interactions and the ground truth behind them, into a data set folder.")
final class GenerateCommand implements Runnable {
    private static final WorldConfig DEFAULTS = WorldConfig.of(50_000, 20_000, 2_000_000, 42);

    @Option(names = "--videos", paramLabel = "N", description = "Videos (default ${DEFAULT-VALUE}).")
    int videos = DEFAULTS.videos();

    @Option(names = "--users", paramLabel = "N", description = "Users (default ${DEFAULT-VALUE}).")
    int users = DEFAULTS.users();

    @Option(names = "--interactions", paramLabel = "N", description = "Interaction events, exactly (default ${DEFAULT-VALUE}).")
    long interactions = DEFAULTS.interactions();

    @Option(names = "--seed", paramLabel = "S", description = "The same seed gives the same world on every run (default ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Option(names = "--channels", paramLabel = "N", description = "Channels (default: videos / 20).")
    Integer channels;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads; the world does not depend on them (default: the cores).")
    Integer threads;

    @Option(names = "--id-prefix", paramLabel = "P", description = "Prefix of every user, video and channel id (default none).")
    String idPrefix = "";

    @Option(names = "--duration-scale", paramLabel = "X", description = "Multiply every video's duration by X (default ${DEFAULT-VALUE}): a controlled shift, e.g. to see drift monitoring flag it.")
    double durationScale = 1.0;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default var/datasets/<name>).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Data set name (default [<id-prefix>]world-<videos>-<users>-<interactions>-s<seed>).")
    String name;

    @Mixin
    PostFlags post;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Override
    public void run() {
        var config = WorldConfig.of(videos, users, interactions, seed);
        config = config.withChannels(channels != null ? channels : config.channels())
                .withThreads(threads != null ? threads : config.threads()).withIdPrefix(idPrefix).withDurationScale(durationScale);
        String n = name != null ? name : String.format(Locale.ROOT, "%sworld-%s-%s-%s-s%d", config.idPrefix(),
                Cli.compact(videos), Cli.compact(users), Cli.compact(interactions), seed);
        Path dir = Cli.outDir(out, "var/datasets/" + n);
        var result = new WorldGenerator(config, BehaviourModel.DEFAULTS, !quiet).generate(dir, n);
        System.err.printf(Locale.ROOT, "generated %s: %,d videos, %,d users, %,d interactions in %.1f s%n",
                dir, videos, users, result.interactions(), result.seconds());
        post.postIfAsked(dir);
    }
}
