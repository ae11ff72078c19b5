package dev.reelrank.functions.eventingestion;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies must be UTF-8 (RFC 8259). Jackson's byte parser is lenient about it: an overlong
 * {@code C0 80} comes out as NUL, and other malformed sequences are passed on as odd characters,
 * so the bytes are checked by the JDK's strict decoder before Jackson sees them.
 */
final class StrictUtf8 {
    private StrictUtf8() {}

    static boolean valid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
