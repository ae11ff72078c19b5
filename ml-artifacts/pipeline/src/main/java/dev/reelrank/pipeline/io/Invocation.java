package dev.reelrank.pipeline.io;

import picocli.CommandLine.Model.CommandSpec;

/** How a command was invoked, for reports that say how to reproduce a run. */
public final class Invocation {
    private Invocation() {}

    /** The options after the command name, as given. */
    public static String optionsLine(CommandSpec command) {
        var args = command.commandLine().getParseResult().originalArgs();
        int at = args.indexOf(command.name());
        return String.join(" ", args.subList(at + 1, args.size()));
    }
}
