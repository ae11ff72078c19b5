package dev.reelrank.featurestore.tiered;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Caffeine picks a generated cache class and node class for the builder's options and creates them
 * through a reflective constructor lookup; a native image has them only if this library's
 * {@code reflect-config.json} lists them. Changing the options of {@link HotVideoCache} changes the
 * classes: this test names the ones to add.
 */
class HotVideoCacheNativeConfigTest {
    private static final String CONFIG = "META-INF/native-image/dev.reelrank/reelrank-feature-store/reflect-config.json";

    @Test
    void theCaffeineClassesOfTheHotVideoCacheAreRegistered() throws Exception {
        var hot = new HotVideoCache(10, TimeUnit.HOURS.toNanos(1));
        Object cache = ((Cache<?, ?>) read(hot, HotVideoCache.class, "cache")).asMap();
        Object nodeFactory = read(cache, Class.forName("com.github.benmanes.caffeine.cache.BoundedLocalCache"), "nodeFactory");

        String config = config();
        for (Class<?> generated : new Class<?>[] {cache.getClass(), nodeFactory.getClass()}) {
            assertTrue(config.contains("\"" + generated.getName() + "\""), generated.getName() + " is missing from " + CONFIG);
        }
    }

    private static Object read(Object target, Class<?> declaring, String name) throws ReflectiveOperationException {
        Field f = declaring.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    private static String config() throws IOException {
        try (InputStream in = HotVideoCache.class.getClassLoader().getResourceAsStream(CONFIG)) {
            assertTrue(in != null, CONFIG + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
