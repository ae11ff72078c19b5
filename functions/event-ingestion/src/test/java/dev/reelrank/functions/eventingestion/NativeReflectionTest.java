package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.reelrank.eventlog.EventTypes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The native image's reflection list covers what JsonFormat reflects on, for every accepted payload. */
class NativeReflectionTest {

    @Test
    void everyClassTheJsonMappingReflectsOnIsRegistered() {
        Set<Class<?>> needed = new LinkedHashSet<>();
        for (EventTypes t : EventTypes.values()) collect(t.prototype, needed);
        Set<Class<?>> registered = Set.of(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets());

        var missing = new TreeSet<String>();
        for (Class<?> c : needed) if (!registered.contains(c)) missing.add(c.getName());
        assertEquals(Set.of(), missing, "add these to NativeReflection");
    }

    @Test
    void theResponseBodiesAreRegistered() {
        var targets = Arrays.asList(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets());
        assertTrue(targets.contains(Problem.class));
        assertTrue(targets.contains(EventsResource.Accepted.class));
    }

    /** The message, its builder, and, through its fields, nested messages and enums (what the accessor table looks up). */
    private static void collect(Message prototype, Set<Class<?>> into) {
        if (!into.add(prototype.getClass())) return;
        Message.Builder builder = prototype.newBuilderForType();
        into.add(builder.getClass());
        for (FieldDescriptor f : prototype.getDescriptorForType().getFields()) {
            switch (f.getJavaType()) {
                case MESSAGE -> collect(builder.newBuilderForField(f).getDefaultInstanceForType(), into);
                case ENUM -> into.add(enumClass(prototype, f));
                default -> { }
            }
        }
    }

    private static Class<?> enumClass(Message prototype, FieldDescriptor f) {
        String getter = "get" + Character.toUpperCase(f.getJsonName().charAt(0)) + f.getJsonName().substring(1);
        try {
            // A repeated enum's element getter takes the index.
            return f.isRepeated() ? prototype.getClass().getMethod(getter, int.class).getReturnType()
                    : prototype.getClass().getMethod(getter).getReturnType();
        } catch (NoSuchMethodException e) {
            throw new AssertionError("no " + getter + " on " + prototype.getClass().getName(), e);
        }
    }
}
