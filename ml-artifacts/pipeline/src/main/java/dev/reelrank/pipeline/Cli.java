package dev.reelrank.pipeline;

import dev.reelrank.pipeline.bench.BenchCommands;
import dev.reelrank.pipeline.evaluation.EvaluationCommand;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The offline pipeline's entry point: {@code generate}, {@code import kuairec|movielens},
 * {@code evaluate}, {@code post}, {@code bulk-load}, {@code bench-events}, {@code bench-freshness}, {@code bench-feed} (picocli commands).
 * Run through scripts/generate, scripts/import, scripts/evaluate, scripts/post, scripts/bulk-load and scripts/bench;
 * {@code <command> --help} lists a command's options with their defaults.
 */
@Command(name = "reelrank-pipeline",
        description = {"The offline pipeline. The scripts run its commands: scripts/generate, scripts/import, "
                + "scripts/evaluate, scripts/post, scripts/bulk-load, scripts/bench events|freshness|feed; <command> --help lists a command's options.",
                "Output folders default to var/datasets/<name> and var/evaluation/<dataset name>."},
        subcommands = {GenerateCommand.class, ImportCommand.class, EvaluationCommand.class, PostCommand.class, BulkLoadCommand.class,
                BenchCommands.Events.class, BenchCommands.Freshness.class, BenchCommands.Feed.class, CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true, sortOptions = false)
public final class Cli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] argv) {
        int code = commandLine().execute(argv);
        if (code != 0) System.exit(code);
    }

    /**
     * The command tree as the scripts run it: integers may carry {@code _} separators (10_000_000),
     * an option given twice keeps the last value, enum values ignore case, and an
     * {@link IllegalArgumentException} from a command (a value the options alone cannot rule out)
     * ends the run with {@code error: ...}, the command's options, and exit code 2, like a bad option.
     */
    public static CommandLine commandLine() {
        var cl = new CommandLine(new Cli());
        addHelpOption(cl);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Integer.class, Cli::integer);
        cl.registerConverter(int.class, Cli::integer);
        cl.registerConverter(Long.class, Cli::longValue);
        cl.registerConverter(long.class, Cli::longValue);
        cl.registerConverter(java.time.Duration.class, Cli::duration);
        cl.setParameterExceptionHandler((e, args) -> {
            var cmd = e.getCommandLine();
            cmd.getErr().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.usage(cmd.getErr());
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            cmd.getErr().println("error: " + e.getMessage());
            cmd.usage(cmd.getErr());
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }

    /** -h / --help on every command but {@code help} itself (which has its own). */
    private static void addHelpOption(CommandLine cl) {
        var spec = cl.getCommandSpec();
        if (!(spec.userObject() instanceof CommandLine.HelpCommand)) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show the options and exit.").build());
        }
        cl.getSubcommands().values().forEach(Cli::addHelpOption);
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not an integer");
        }
    }

    private static long longValue(String s) {
        try {
            return Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not an integer");
        }
    }

    /** 500ms, 30s, 10m, 2h, or ISO-8601 (PT30S). */
    static java.time.Duration duration(String s) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s.trim());
        try {
            if (!m.matches()) return java.time.Duration.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a duration (500ms, 30s, 10m, 2h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            default -> java.time.Duration.ofHours(n);
        };
    }

    /** The options after the command name as given, for reports that say how to reproduce a run. */
    public static String optionsLine(CommandSpec command) {
        return dev.reelrank.pipeline.io.Invocation.optionsLine(command);
    }

    /** The repository root (set by the scripts), against which default output folders resolve. */
    public static Path home() {
        return dev.reelrank.pipeline.io.ProjectHome.root();
    }

    static Path outDir(Path out, String defaultUnderHome) {
        return out != null ? out : home().resolve(defaultUnderHome);
    }

    static String compact(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) return n / 1_000_000 + "m";
        if (n >= 1_000 && n % 1_000 == 0) return n / 1_000 + "k";
        return Long.toString(n);
    }
}
