package dev.reelrank.systemtests;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in OpenTelemetry collector: takes OTLP/HTTP protobuf trace exports ({@code POST /v1/traces})
 * and keeps each span's service, kind and ids. Decoded by field number (the OTLP proto's
 * ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span), so no generated OTLP classes are needed.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span; ids in lower-case hex, {@code parentSpanId} empty for a root. */
    record ExportedSpan(String service, String name, int kind, String traceId, String spanId, String parentSpanId) {}

    static final int KIND_SERVER = 2, KIND_CLIENT = 3;

    final Queue<ExportedSpan> spans = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                read(body);
                // An empty ExportTraceServiceResponse: everything accepted.
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    private void read(byte[] request) throws InvalidProtocolBufferException {
        for (ByteString resourceSpans : field(UnknownFieldSet.parseFrom(request), 1)) {
            var rs = UnknownFieldSet.parseFrom(resourceSpans);
            String service = serviceName(rs);
            for (ByteString scopeSpans : field(rs, 2)) {
                for (ByteString span : field(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
                    var s = UnknownFieldSet.parseFrom(span);
                    int kind = s.hasField(6) ? s.getField(6).getVarintList().getFirst().intValue() : 0;
                    spans.add(new ExportedSpan(service, text(s, 5), kind, hex(s, 1), hex(s, 2), hex(s, 4)));
                }
            }
        }
    }

    /** Resource (1) → attributes (1) KeyValue {key 1, value 2: AnyValue {string_value 1}}. */
    private static String serviceName(UnknownFieldSet resourceSpans) throws InvalidProtocolBufferException {
        for (ByteString resource : field(resourceSpans, 1)) {
            for (ByteString kv : field(UnknownFieldSet.parseFrom(resource), 1)) {
                var pair = UnknownFieldSet.parseFrom(kv);
                if (text(pair, 1).equals("service.name")) {
                    for (ByteString value : field(pair, 2)) return text(UnknownFieldSet.parseFrom(value), 1);
                }
            }
        }
        return "";
    }

    private static List<ByteString> field(UnknownFieldSet message, int number) {
        return message.hasField(number) ? message.getField(number).getLengthDelimitedList() : List.of();
    }

    private static String text(UnknownFieldSet message, int number) {
        return field(message, number).stream().findFirst().map(ByteString::toStringUtf8).orElse("");
    }

    private static String hex(UnknownFieldSet message, int number) {
        return field(message, number).stream().findFirst().map(b -> HexFormat.of().formatHex(b.toByteArray())).orElse("");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
