import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that can make a dependency slow without making it dead: "slow, not dead" faults of
 * scripts/chaos (Redis, re-ranking's gRPC over HTTP/2 cleartext). The functions are started once
 * through it; its control port switches the delay on and off while they run.
 *
 *   java scripts/lib/DelayProxy.java <listen port> <target host:port> <control port>
 *   curl 127.0.0.1:<control port>/delay?ms=500     every chunk from the target is held 500 ms
 *   curl 127.0.0.1:<control port>/delay?ms=0       pass through
 *   curl 127.0.0.1:<control port>/delay            the current delay
 *
 * The delay applies to what the target answers (each chunk is handed on when it is ms old), so a
 * request waits ms longer while a pipelined or multiplexed connection keeps its throughput: chunks
 * are queued with their due time, not slept on one by one. When either side closes, both do.
 * JDK only, so it runs as a single-file program with no build.
 */
public class DelayProxy {
    private static final AtomicLong delayMillis = new AtomicLong();
    private static final byte[] END = new byte[0];

    private record Chunk(long dueNanos, byte[] bytes) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java DelayProxy.java <listen port> <target host:port> <control port>");
            System.exit(2);
        }
        int listen = Integer.parseInt(args[0]);
        String host = args[1].substring(0, args[1].lastIndexOf(':'));
        int port = Integer.parseInt(args[1].substring(args[1].lastIndexOf(':') + 1));
        control(Integer.parseInt(args[2]));
        try (var server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", listen));
            System.out.printf("delay-proxy: 127.0.0.1:%d -> %s:%d, control 127.0.0.1:%s%n", listen, host, port, args[2]);
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> connect(client, host, port));
            }
        }
    }

    private static void control(int port) throws IOException {
        var http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        http.createContext("/delay", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            if (query != null && query.startsWith("ms=")) delayMillis.set(Math.max(0, Long.parseLong(query.substring(3))));
            byte[] body = (delayMillis.get() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    private static void connect(Socket client, String host, int port) {
        Socket target;
        try {
            target = new Socket(host, port);
            target.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            // The target is down: close at once, as the target itself would have refused.
            closeQuietly(client);
            return;
        }
        Runnable closeBoth = () -> {
            closeQuietly(client);
            closeQuietly(target);
        };
        Thread.ofVirtual().start(() -> pump(client, target, false, closeBoth));
        Thread.ofVirtual().start(() -> pump(target, client, true, closeBoth));
    }

    /** Copies from → to; the target's answers go through a queue that hands each chunk on when it is due. */
    private static void pump(Socket from, Socket to, boolean delayed, Runnable closeBoth) {
        var queue = new LinkedBlockingQueue<Chunk>();
        if (delayed) Thread.ofVirtual().start(() -> deliver(queue, to, closeBoth));
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (delayed) {
                    queue.add(new Chunk(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis.get()), Arrays.copyOf(buffer, n)));
                } else {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // A reset or a closed socket ends this connection; nothing to report.
        } finally {
            if (delayed) queue.add(new Chunk(System.nanoTime(), END));
            else closeBoth.run();
        }
    }

    private static void deliver(LinkedBlockingQueue<Chunk> queue, Socket to, Runnable closeBoth) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk chunk = queue.take();
                if (chunk.bytes() == END) break;
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The client went away; closing both below is all there is to do.
        } finally {
            closeBoth.run();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
