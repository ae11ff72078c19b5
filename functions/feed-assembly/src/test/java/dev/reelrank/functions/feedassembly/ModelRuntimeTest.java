package dev.reelrank.functions.feedassembly;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelRuntimeTest {

    @Test
    void aNativeExecutableRefusesToLoadTheModelAndSaysWhatToDo() {
        var e = assertThrows(IllegalStateException.class, () -> ModelRuntime.check(true, true));
        assertTrue(e.getMessage().contains("REELRANK_MODEL_ENABLED=false"), e.getMessage());
    }

    @Test
    void theJvmLoadsTheModelAndANativeExecutableRunsWithoutIt() {
        assertDoesNotThrow(() -> ModelRuntime.check(true, false));
        assertDoesNotThrow(() -> ModelRuntime.check(false, true));
        assertDoesNotThrow(() -> ModelRuntime.check(false, false));
    }
}
