package dev.reelrank.systemtests;

import dev.reelrank.model.auth.ClientToken;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/**
 * The system tests call the public routes as the project's other clients do: with the local
 * service token (var/auth/service.token, written by scripts/local up), since the functions run
 * with reelrank.auth.mode=jwt as they ship. Each test class installs it in its static initializer.
 */
final class ClientAuth {
    private ClientAuth() {}

    static synchronized void install() {
        if (RestAssured.requestSpecification != null) return;
        ClientToken.authorization().ifPresent(value ->
                RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", value).build());
    }
}
