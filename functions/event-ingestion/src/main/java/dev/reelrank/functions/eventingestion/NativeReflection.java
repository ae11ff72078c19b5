package dev.reelrank.functions.eventingestion;

import com.google.protobuf.Timestamp;
import dev.reelrank.proto.v1.Action;
import dev.reelrank.proto.v1.Interaction;
import dev.reelrank.proto.v1.NotInterestedTarget;
import dev.reelrank.proto.v1.Surface;
import dev.reelrank.proto.v1.VideoPublished;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What this function reaches only through reflection, kept for a native image (the JVM needs none
 * of it; the build's static analysis cannot see it).
 *
 * <p>Protobuf: {@link ProtoJson} fills the payloads through {@code JsonFormat} and
 * {@code Builder.setField}, whose accessor table looks up the generated getters, setters and
 * builders by name, and {@code valueOf(EnumValueDescriptor)} on the enums. Hence every payload
 * message, its builder, its message-typed fields and its enums ({@code NativeReflectionTest}
 * derives that list from the payload descriptors and fails when a proto change outgrows this one).
 *
 * <p>The response bodies: {@link Problem} is serialized by {@link ProblemResponses}' own
 * {@code ObjectMapper}, and {@link EventsResource.Accepted} travels as a {@code Response} entity (an
 * {@code Object}); neither appears in a resource signature, which is what Quarkus registers from.
 */
@RegisterForReflection(targets = {
        Interaction.class, Interaction.Builder.class,
        VideoPublished.class, VideoPublished.Builder.class,
        Timestamp.class, Timestamp.Builder.class,
        Action.class, Surface.class, NotInterestedTarget.class,
        Problem.class, EventsResource.Accepted.class,
})
final class NativeReflection {
    private NativeReflection() {}
}
