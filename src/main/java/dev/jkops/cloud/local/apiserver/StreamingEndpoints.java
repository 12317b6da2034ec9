package dev.jkops.cloud.local.apiserver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jkops.api.JsonTrees;
import dev.jkops.cloud.local.kernel.KernelException;
import dev.jkops.cloud.local.pods.PodException;
import dev.jkops.cloud.local.pods.PodManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pod's Upgrade requests, which {@link UpgradeFront} hands here with the connection: {@code exec}
 * over WebSocket with Kubernetes' channel protocols ({@code v5.channel.k8s.io}, which kubectl 1.30
 * and later ask for, and {@code v4.channel.k8s.io}, which other clients such as fabric8 use). Each
 * binary message starts with its channel: 0 stdin, 1 stdout, 2 stderr, 3 the outcome as a {@code
 * Status}, 4 terminal resize; v5 adds 255, "this channel is closed" (kubectl's end of stdin). The
 * command runs in the pod's network namespace as {@code jkops exec} runs it ({@link
 * PodManager#execStreaming}); its exit code reaches kubectl, which exits with it, as the Status
 * reason {@code NonZeroExitCode} with an {@code ExitCode} cause.
 *
 * <p>SPDY/3.1, the only streaming protocol of kubectl before 1.30 and the fallback of later ones,
 * is served by {@link SpdyExec}. Neither attach (a pod here runs no container to attach to) nor
 * port-forward is served.
 */
final class StreamingEndpoints implements UpgradeFront.UpgradeHandler {

  /**
   * How long after the 101 the first message waits. kubectl 1.30 to 1.33 (client-go before
   * kubernetes/kubernetes#131203) start reading the connection before they have set up their
   * channels, and drop a message that comes for a channel not yet set up ("Unknown stream id 1,
   * discarding message" on their stderr): a program's whole output, or its outcome, so that a
   * failed command exits 0. The kubelet's exec takes long enough (a runtime starts the process in
   * the container) that kubectl is ready before its first byte; a program here prints within a few
   * milliseconds of the 101, and a kubectl descheduled between reading the 101 and setting up its
   * channels (a loaded machine) lost {@code ip addr}'s output in CI. kubectl sends nothing that
   * says it is ready, so only time can tell: the program runs meanwhile, only its first message
   * waits. SPDY needs no such wait: kubectl opens the streams there, and the program starts once
   * they are open ({@link SpdyExec}).
   */
  static final Duration CLIENT_CHANNELS_SETUP = Duration.ofMillis(200);

  static final String V5 = "v5.channel.k8s.io";
  static final String V4 = "v4.channel.k8s.io";

  static final int STDIN = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;
  static final int ERROR = 3;
  static final int RESIZE = 4;
  static final int CLOSE_CHANNEL = 255;

  private final ClusterObjects objects;

  StreamingEndpoints(ClusterObjects objects) {
    this.objects = objects;
  }

  /** Answers the Upgrade request {@code head}; returns when the stream is over. */
  @Override
  public void serve(RequestHead head, boolean certified, InputStream in, OutputStream out)
      throws IOException {
    if (!certified) {
      respond(out, new ApiError(401, "Unauthorized", "Unauthorized", null, null, null, List.of()));
      return;
    }
    try {
      PodRequest pod = PodRequest.parse(head.path());
      ResourceType pods =
          objects.type("", "v1", "pods").orElseThrow(() -> new IllegalStateException("no pods"));
      if (objects.get(pods, pod.namespace(), pod.name()).isEmpty()) {
        throw ApiError.notFound(pods, pod.name());
      }
      if (!pod.subresource().equals("exec")) {
        throw ApiError.badRequest(
            pod.subresource()
                + " is not served by jkops' local API server: a pod here is a network"
                + " namespace without containers"
                + (pod.subresource().equals("portforward")
                    ? "; reach the pod's address from a node with 'jkops exec' instead"
                    : ""));
      }
      if (SpdyExec.isSpdy(head)) {
        SpdyExec.serve(head, in, out, objects.podManager(), pod);
        return;
      }
      if (!head.isWebSocket()) {
        throw ApiError.badRequest(
            "jkops' local API server streams exec over WebSocket (v5/v4.channel.k8s.io) and"
                + " SPDY/3.1; this client asked for "
                + head.header("upgrade").orElse("another protocol"));
      }
      List<String> offered = head.tokens("sec-websocket-protocol");
      String protocol = offered.contains(V5) ? V5 : offered.contains(V4) ? V4 : null;
      if (protocol == null) {
        throw ApiError.badRequest(
            "none of the offered subprotocols "
                + offered
                + " is spoken here; "
                + V5
                + " and "
                + V4
                + " are");
      }
      String key =
          head.header("sec-websocket-key")
              .orElseThrow(
                  () -> ApiError.badRequest("no Sec-WebSocket-Key in the upgrade request"));
      List<String> command = head.query().getOrDefault("command", List.of());
      if (command.isEmpty()) {
        throw ApiError.badRequest("you must specify at least 1 command");
      }
      PodManager manager = objects.podManager();
      String handshake =
          "HTTP/1.1 101 Switching Protocols\r\n"
              + "Upgrade: websocket\r\n"
              + "Connection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: "
              + WebSocket.accept(key)
              + "\r\n"
              + "Sec-WebSocket-Protocol: "
              + protocol
              + "\r\n\r\n";
      out.write(handshake.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      exec(
          new Channels(new WebSocket(in, out), System.nanoTime() + CLIENT_CHANNELS_SETUP.toNanos()),
          protocol,
          manager,
          pod,
          command,
          flag(head, "stdin"),
          flag(head, "tty"));
    } catch (ApiError e) {
      respond(out, e);
    }
  }

  /** {@code /api/v1/namespaces/NS/pods/NAME/SUBRESOURCE}. */
  record PodRequest(String namespace, String name, String subresource) {
    static PodRequest parse(String rawPath) {
      List<String> seg = new ArrayList<>();
      for (String s : rawPath.split("/")) {
        if (!s.isEmpty()) {
          seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        }
      }
      if (seg.size() != 7
          || !seg.get(0).equals("api")
          || !seg.get(1).equals("v1")
          || !seg.get(2).equals("namespaces")
          || !seg.get(4).equals("pods")) {
        throw new ApiError(
            404,
            "NotFound",
            "the server could not find the requested resource (only a pod's exec is streamed)",
            null,
            null,
            null,
            List.of());
      }
      return new PodRequest(seg.get(3), seg.get(5), seg.get(6));
    }
  }

  private static boolean flag(RequestHead head, String name) {
    List<String> v = head.query().getOrDefault(name, List.of());
    return !v.isEmpty() && (v.get(0).equals("true") || v.get(0).equals("1"));
  }

  private static void exec(
      Channels channels,
      String protocol,
      PodManager manager,
      PodRequest pod,
      List<String> command,
      boolean stdin,
      boolean tty)
      throws IOException {
    PipedOutputStream stdinSink = new PipedOutputStream();
    PipedInputStream stdinSource = new PipedInputStream(stdinSink, 64 * 1024);
    AtomicBoolean finished = new AtomicBoolean();
    WebSocket ws = channels.ws;
    Thread execThread = Thread.currentThread();
    Thread reader =
        new Thread(
            () -> readClient(ws, protocol, stdinSink, finished, execThread), "jkops-exec-ws-read");
    reader.setDaemon(true);
    reader.start();
    Writer stdout = new ChannelWriter(channels, STDOUT);
    // with a terminal there is one output stream, as a terminal has one
    Writer stderr = tty ? stdout : new ChannelWriter(channels, STDERR);
    ObjectNode status;
    try {
      int code =
          manager.execStreaming(
              pod.namespace(),
              pod.name(),
              command,
              Duration.ZERO,
              stdin ? stdinSource : null,
              stdout,
              stderr);
      status = exitStatus(code, command);
    } catch (PodException | KernelException e) {
      status = failureStatus(e.getMessage());
    } finally {
      finished.set(true);
    }
    if (Thread.interrupted()) {
      return; // the client went away: nobody to tell
    }
    // the pumps have ended (execStreaming joins them): every byte of output went out before this
    byte[] s = JsonTrees.writeBytes(status);
    channels.send(ERROR, s);
    ws.close(1000, "");
    try {
      reader.join(2000); // the client's close, so that the connection ends cleanly
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The outcome the kubelet sends on the error channel (v4 and later): Success, or the exit code as
   * reason {@code NonZeroExitCode} with an {@code ExitCode} cause, which kubectl exits with.
   */
  static ObjectNode exitStatus(int code, List<String> command) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.putObject("metadata");
    if (code == 0) {
      return status.put("status", "Success");
    }
    status
        .put("status", "Failure")
        .put("message", exitMessage(code, command))
        .put("reason", "NonZeroExitCode")
        .putObject("details")
        .putArray("causes")
        .addObject()
        .put("reason", "ExitCode")
        .put("message", Integer.toString(code));
    return status;
  }

  static String exitMessage(int code, List<String> command) {
    return "command terminated with non-zero exit code: error executing command "
        + command
        + ", exit code "
        + code;
  }

  /** A command that could not run at all. */
  static ObjectNode failureStatus(String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.putObject("metadata");
    return status.put("status", "Failure").put("message", message).put("reason", "InternalError");
  }

  /**
   * Reads the client's messages until it closes: stdin to the program, the end of stdin (v5's close
   * of channel 0), resizes (no terminal here: skipped). A client gone before the program ended
   * stops the program, as kubectl's Ctrl-C does on a real cluster.
   */
  private static void readClient(
      WebSocket ws,
      String protocol,
      PipedOutputStream stdin,
      AtomicBoolean finished,
      Thread execThread) {
    try (stdin) {
      while (true) {
        WebSocket.Message m = ws.read();
        if (m.opcode() == WebSocket.OP_CLOSE) {
          ws.close(1000, "");
          break;
        }
        byte[] p = m.payload();
        if (p.length == 0) {
          continue;
        }
        int channel = p[0] & 0xFF;
        if (channel == STDIN) {
          try {
            stdin.write(p, 1, p.length - 1);
            stdin.flush();
          } catch (IOException programGone) {
            // the program stopped reading its input (it exited): the rest is dropped
          }
        } else if (channel == CLOSE_CHANNEL
            && protocol.equals(V5)
            && p.length == 2
            && p[1] == STDIN) {
          stdin.close();
        }
      }
    } catch (IOException gone) {
      // the connection ended
    }
    if (!finished.get()) {
      execThread.interrupt();
    }
  }

  /**
   * The exec's outgoing channel messages: none before {@code clientReadyAt} ({@link
   * #CLIENT_CHANNELS_SETUP} after the 101), then as they come. The WebSocket serializes the writes
   * of the stdout and stderr pumps and the exec thread, so frames never interleave.
   */
  private static final class Channels {
    private final WebSocket ws;
    private final long clientReadyAt;
    private volatile boolean clientReady;

    Channels(WebSocket ws, long clientReadyAt) {
      this.ws = ws;
      this.clientReadyAt = clientReadyAt;
    }

    void send(int channel, byte[] data) throws IOException {
      awaitClient();
      ws.sendBinary(channel, data, 0, data.length);
    }

    private void awaitClient() {
      if (clientReady) {
        return;
      }
      for (long wait; (wait = clientReadyAt - System.nanoTime()) > 0; ) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the client went away: nobody waits for this
          return;
        }
      }
      clientReady = true;
    }
  }

  /** A program's output as binary messages on one channel, as it comes. */
  private static final class ChannelWriter extends Writer {
    private final Channels channels;
    private final int channel;

    ChannelWriter(Channels channels, int channel) {
      this.channels = channels;
      this.channel = channel;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      channels.send(channel, new String(buf, off, len).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** A Status as the answer to the upgrade request, and the connection's end. */
  static void respond(OutputStream out, ApiError e) throws IOException {
    byte[] body = JsonTrees.writeBytes(KubeApi.status(e));
    String reason =
        Optional.ofNullable(
                Map.of(
                        400, "Bad Request",
                        401, "Unauthorized",
                        404, "Not Found",
                        503, "Service Unavailable")
                    .get(e.code))
            .orElse("Error");
    String h =
        "HTTP/1.1 "
            + e.code
            + " "
            + reason
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(h.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }
}
