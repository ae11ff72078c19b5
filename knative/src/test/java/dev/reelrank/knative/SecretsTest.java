package dev.reelrank.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** No credential is written anywhere under knative/: they come from Secrets made outside the repo. */
class SecretsTest {

    @Test
    void noFileCarriesACredential() {
        var found = new ArrayList<String>();
        for (Path file : Manifests.yamlFiles())
            for (JsonNode doc : Yaml.documents(file))
                SecretLiterals.violations(doc).forEach(v -> found.add(Manifests.ROOT.relativize(file) + " " + v));
        assertEquals(new ArrayList<String>(), found);
    }

    @Test
    void noRenderedDeploymentCarriesACredential() {
        for (Path dir : new Path[] {Manifests.BASE, Manifests.LOCAL, Manifests.PRODUCTION}) {
            var found = new ArrayList<String>();
            OverlayRenderer.render(dir).forEach(doc -> found.addAll(SecretLiterals.violations(doc)));
            assertEquals(new ArrayList<String>(), found, dir.toString());
        }
    }
}
