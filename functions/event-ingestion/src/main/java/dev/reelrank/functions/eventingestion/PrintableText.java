package dev.reelrank.functions.eventingestion;

/**
 * Which characters a client's text may hold. Every value of an event ends up in a log line, a
 * Kafka header or a store key downstream, where a NUL, an escape sequence, a lone surrogate
 * (which Protobuf's UTF-8 encoder silently turns into '?') or a right-to-left override does damage
 * or hides what the value really is.
 */
final class PrintableText {
    /** How strict a value is held. */
    enum Kind {
        /** Attributes and codes: also no invisible formatting characters. */
        STRICT,
        /** Titles and tags: formatting characters allowed (emoji sequences need the zero-width joiner). */
        TEXT,
        /** Descriptions: as TEXT, plus line breaks and tabs. */
        MULTILINE
    }

    private PrintableText() {}

    /** @return the first code point the value may not hold, or -1 when it is clean */
    static int firstRefused(String value, Kind kind) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (refused(c, kind)) return c;
            i += Character.charCount(c);
        }
        return -1;
    }

    /** {@code U+0000}, for an error message: never the character itself. */
    static String name(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    private static boolean refused(int c, Kind kind) {
        return switch (Character.getType(c)) {
            case Character.CONTROL -> !(kind == Kind.MULTILINE && (c == '\n' || c == '\r' || c == '\t'));
            // Lone surrogates (a paired one is one code point here), noncharacters such as U+FFFE, private use.
            case Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> kind != Kind.MULTILINE;
            case Character.FORMAT -> kind == Kind.STRICT;
            default -> false;
        };
    }
}
