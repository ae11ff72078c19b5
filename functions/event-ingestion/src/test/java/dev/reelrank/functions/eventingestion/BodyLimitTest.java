package dev.reelrank.functions.eventingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Over-limit bodies, through a real HTTP client: every mode, with a declared Content-Length and
 * chunked, gets 413 with a problem body (issue 15: a 5 MB body got a dropped connection). No Kafka
 * is needed: nothing here gets as far as publishing.
 */
@QuarkusTest
class BodyLimitTest {
    static final int FIVE_MB = 5 * 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1/events")
    URI events;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The three modes' Content-Types, with the ce-* headers binary mode needs. */
    record Mode(String contentType, String... headers) {}

    static final List<Mode> MODES = List.of(
            new Mode("application/json", "ce-specversion", "1.0", "ce-id", "big-1", "ce-source", "/test", "ce-type", "video.interaction"),
            new Mode("application/cloudevents+json"),
            new Mode("application/cloudevents-batch+json"));

    /** A JSON-looking body of the given size: the limit must hold before any parsing. */
    static byte[] body(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) ' ');
        b[0] = '{';
        b[size - 1] = '}';
        return b;
    }

    HttpRequest.Builder post(Mode mode) {
        var b = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30)).header("Content-Type", mode.contentType());
        if (mode.headers().length > 0) b.headers(mode.headers());
        return b;
    }

    static void assertTooLarge(HttpResponse<String> response) throws Exception {
        assertEquals(413, response.statusCode(), response.body());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(null));
        JsonNode problem = JSON.readTree(response.body());
        assertEquals("https://reelrank.dev/problems/payload-too-large", problem.get("type").asText());
        assertEquals(413, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains("the limit is 1048576"), response.body());
    }

    @Test
    void declaredLengthOverTheLimitIs413ProblemInEveryMode() throws Exception {
        for (Mode mode : MODES) {
            var response = http.send(post(mode).POST(HttpRequest.BodyPublishers.ofByteArray(body(FIVE_MB))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTooLarge(response);
            // Answered by OversizeBodyGuard, ahead of Quarkus's own limit and of the REST layer.
            assertTrue(response.body().contains(FIVE_MB + " bytes (Content-Length)"), response.body());
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413ProblemInEveryMode() throws Exception {
        for (Mode mode : MODES) {
            // An InputStream publisher has no known length, so the client streams it chunked.
            var publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body(FIVE_MB)));
            var response = http.send(post(mode).POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
            assertTooLarge(response);
        }
    }

    @Test
    void justOverTheLimitIs413AndTheLimitItselfIsNot() throws Exception {
        int limit = 1024 * 1024;
        Mode structured = MODES.get(1);
        assertTooLarge(http.send(post(structured).POST(HttpRequest.BodyPublishers.ofByteArray(body(limit + 1))).build(),
                HttpResponse.BodyHandlers.ofString()));
        var atLimit = http.send(post(structured).POST(HttpRequest.BodyPublishers.ofByteArray(body(limit))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, atLimit.statusCode(), atLimit.body()); // read and parsed: an empty object is no CloudEvent
        var chunkedAtLimit = http.send(post(structured).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body(limit)))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, chunkedAtLimit.statusCode(), chunkedAtLimit.body());
    }

    @Test
    void aClientExpecting100ContinueIsAnsweredWithoutSendingTheBody() throws Exception {
        var response = http.send(post(MODES.get(2)).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(FIVE_MB))).build(), HttpResponse.BodyHandlers.ofString());
        assertTooLarge(response);
    }

    /**
     * The fuzzer's client: writes the whole request, then reads. Before, the server closed the
     * connection with the body half read, so the writer got a broken pipe instead of an answer.
     * Since the body was read to its end, the same connection then serves the next request.
     */
    @Test
    void aClientThatWritesEverythingBeforeReadingGetsTheProblemAndKeepsTheConnection() throws Exception {
        for (boolean chunked : List.of(false, true)) {
            try (var socket = new Socket(events.getHost(), events.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                String head = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/cloudevents+json\r\n"
                        + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + FIVE_MB + "\r\n") + "\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                byte[] body = body(FIVE_MB);
                int chunk = 64 * 1024;
                for (int at = 0; at < body.length; at += chunk) {
                    int n = Math.min(chunk, body.length - at);
                    if (chunked) out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, at, n);
                    if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = readResponse(socket.getInputStream());
                assertTrue(response.startsWith("HTTP/1.1 413"), response);
                assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("content-type: " + Problem.MEDIA_TYPE), response);
                assertTrue(response.contains("\"status\":413"), response);

                byte[] next = "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);
                out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/cloudevents+json\r\n"
                        + "Content-Length: " + next.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(next);
                out.flush();
                String second = readResponse(socket.getInputStream());
                assertTrue(second.startsWith("HTTP/1.1 400"), second);
                assertTrue(second.contains("\"attribute\":\"id\""), second);
            }
        }
    }

    @Test
    void aDeclaredLengthOverTheDrainCapIsAnsweredAtOnceWithTheProblem() throws Exception {
        // 40 MB is over quarkus.http.limits.max-body-size (32M): not read, yet still a problem body, not Quarkus's bare 413.
        try (var socket = new Socket(events.getHost(), events.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/cloudevents+json\r\nContent-Length: " + 40 * 1024 * 1024 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), response);
            assertTrue(response.contains("payload-too-large"), response);
        }
    }

    /** Status line, headers and a Content-Length body. */
    static String readResponse(InputStream in) throws Exception {
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
