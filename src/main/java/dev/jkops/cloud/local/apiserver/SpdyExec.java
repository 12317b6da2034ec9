package dev.jkops.cloud.local.apiserver;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kubectl exec} over SPDY/3.1, as kubectl before 1.30 speaks it (and as the kubelet answers
 * it): the protocol version is chosen from the client's {@code X-Stream-Protocol-Version} headers
 * ({@code v4.channel.k8s.io} first, then v3 and v2) and named in the 101 answer; then kubectl opens
 * one SPDY stream per channel, its header {@code streamtype} saying which: {@code error}, {@code
 * stdin}, {@code stdout}, {@code stderr}, {@code resize}. Each is accepted with a SYN_REPLY
 * (kubectl waits for it). Once the streams the request's flags call for are there, the command runs
 * as {@code jkops exec} runs it; its output goes out on stdout and stderr as it comes, the client's
 * FIN on stdin is the program's end of input. At the end stdout and stderr are finished (kubectl
 * reads them to EOF) and the outcome goes on the error stream: with v4 a {@code Status} (exit code
 * as reason {@code NonZeroExitCode} with an {@code ExitCode} cause, which kubectl exits with), with
 * v2/v3 a message only when it failed.
 */
final class SpdyExec {
  static final String V4 = StreamingEndpoints.V4;
  static final String V3 = "v3.channel.k8s.io";
  static final String V2 = "v2.channel.k8s.io";

  /** The versions spoken, best first (v1, {@code channel.k8s.io}, is no kubectl's only choice). */
  static final List<String> PROTOCOLS = List.of(V4, V3, V2);

  /** How long kubectl may take to open the streams it asked for (the kubelet also waits 30 s). */
  static final Duration STREAMS_TIMEOUT = Duration.ofSeconds(30);

  private final Spdy spdy;
  private final String protocol;
  private final Map<String, Integer> streams = new ConcurrentHashMap<>();
  private final CountDownLatch expected;
  private final List<String> expectedTypes;
  private final PipedOutputStream stdinSink = new PipedOutputStream();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean clientGone = new AtomicBoolean();

  private SpdyExec(Spdy spdy, String protocol, List<String> expectedTypes) {
    this.spdy = spdy;
    this.protocol = protocol;
    this.expectedTypes = expectedTypes;
    this.expected = new CountDownLatch(expectedTypes.size());
  }

  static boolean isSpdy(RequestHead head) {
    return head.header("upgrade").orElse("").toLowerCase(Locale.ROOT).startsWith("spdy/3");
  }

  /** The best version both speak; empty: none (no header at all means none was offered). */
  static Optional<String> negotiate(List<String> offered) {
    return PROTOCOLS.stream().filter(offered::contains).findFirst();
  }

  /** Answers the SPDY upgrade {@code head} for {@code pod}'s exec; returns when it is over. */
  static void serve(
      RequestHead head,
      InputStream in,
      OutputStream out,
      PodManager manager,
      StreamingEndpoints.PodRequest pod)
      throws IOException {
    List<String> offered = head.tokens("x-stream-protocol-version");
    String protocol =
        negotiate(offered)
            .orElseThrow(
                () ->
                    ApiError.badRequest(
                        "none of the offered stream protocol versions "
                            + offered
                            + " is spoken here; "
                            + String.join(", ", PROTOCOLS)
                            + " are"));
    List<String> command = head.query().getOrDefault("command", List.of());
    if (command.isEmpty()) {
      throw ApiError.badRequest("you must specify at least 1 command");
    }
    boolean stdin = flag(head, "stdin");
    boolean stdout = flag(head, "stdout");
    boolean stderr = flag(head, "stderr");
    boolean tty = flag(head, "tty");
    if (!stdin && !stdout && !stderr) {
      throw ApiError.badRequest("you must specify at least 1 of stdin, stdout, stderr");
    }
    // the streams kubectl opens for these flags, as the kubelet expects them
    List<String> types = new java.util.ArrayList<>(List.of("error"));
    if (stdin) {
      types.add("stdin");
    }
    if (stdout) {
      types.add("stdout");
    }
    if (stderr && !tty) {
      types.add("stderr");
    }
    if (tty && !protocol.equals(V2)) {
      types.add("resize");
    }
    String answer =
        "HTTP/1.1 101 Switching Protocols\r\n"
            + "Connection: Upgrade\r\n"
            + "Upgrade: SPDY/3.1\r\n"
            + "X-Stream-Protocol-Version: "
            + protocol
            + "\r\n\r\n";
    out.write(answer.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    new SpdyExec(new Spdy(in, out), protocol, List.copyOf(types))
        .run(manager, pod, command, stdin, tty);
  }

  private static boolean flag(RequestHead head, String name) {
    List<String> v = head.query().getOrDefault(name, List.of());
    return !v.isEmpty() && (v.get(0).equals("true") || v.get(0).equals("1"));
  }

  private void run(
      PodManager manager,
      StreamingEndpoints.PodRequest pod,
      List<String> command,
      boolean stdin,
      boolean tty)
      throws IOException {
    PipedInputStream stdinSource = new PipedInputStream(stdinSink, 64 * 1024);
    Thread execThread = Thread.currentThread();
    Thread reader = new Thread(() -> readClient(execThread), "jkops-exec-spdy-read");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!expected.await(STREAMS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || clientGone.get()) {
        return; // the client never opened its streams, or went: nobody to run for
      }
    } catch (InterruptedException e) {
      return;
    }
    Writer stdout = new StreamWriter(streams.get("stdout"));
    // with a terminal there is one output stream, as a terminal has one
    Writer stderr = tty ? stdout : new StreamWriter(streams.get("stderr"));
    int code = -1;
    String failure = null;
    try {
      code =
          manager.execStreaming(
              pod.namespace(),
              pod.name(),
              command,
              Duration.ZERO,
              stdin ? stdinSource : null,
              stdout,
              stderr);
    } catch (PodException | KernelException e) {
      failure = e.getMessage();
    } finally {
      finished.set(true);
    }
    if (Thread.interrupted() || clientGone.get()) {
      return; // the client went away: nobody to tell
    }
    for (String t : List.of("stdout", "stderr", "stdin", "resize")) {
      Integer id = streams.get(t);
      if (id != null) {
        spdy.finish(id);
      }
    }
    int errorStream = streams.get("error");
    byte[] outcome = outcome(code, failure, command);
    if (outcome.length > 0) {
      spdy.data(errorStream, outcome, 0, outcome.length);
    }
    spdy.finish(errorStream);
    try {
      reader.join(5000); // kubectl closes the connection once it has read everything
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] outcome(int code, String failure, List<String> command) throws IOException {
    if (protocol.equals(V4)) {
      ObjectNode status =
          failure != null
              ? StreamingEndpoints.failureStatus(failure)
              : StreamingEndpoints.exitStatus(code, command);
      return JsonTrees.writeBytes(status);
    }
    // v2 and v3: the error stream carries a failure's text, and nothing on success
    String message =
        failure != null ? failure : code == 0 ? "" : StreamingEndpoints.exitMessage(code, command);
    return message.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the client's frames until it goes: new streams are accepted and noted, stdin's data go to
   * the program and its FIN (or reset) is the end of the program's input; pings are answered. A
   * client gone before the program ended stops the program, as Ctrl-C on kubectl does.
   */
  private void readClient(Thread execThread) {
    try (stdinSink) {
      while (true) {
        Spdy.Frame f = spdy.read();
        if (f instanceof Spdy.SynStream s) {
          spdy.synReply(s.streamId(), Map.of());
          String type = s.header("streamtype");
          if (expectedTypes.contains(type) && streams.putIfAbsent(type, s.streamId()) == null) {
            expected.countDown();
          }
        } else if (f instanceof Spdy.Data d) {
          Integer in = streams.get("stdin");
          if (in != null && d.streamId() == in) {
            try {
              stdinSink.write(d.data());
              stdinSink.flush();
              if (d.fin()) {
                stdinSink.close();
              }
            } catch (IOException programGone) {
              // the program stopped reading its input (it exited): the rest is dropped
            }
          }
          // resize: there is no terminal to resize
        } else if (f instanceof Spdy.RstStream r) {
          Integer in = streams.get("stdin");
          if (in != null && r.streamId() == in) {
            stdinSink.close();
          }
        } else if (f instanceof Spdy.Ping p) {
          spdy.ping(p.id());
        } else if (f instanceof Spdy.GoAway) {
          break;
        }
      }
    } catch (IOException gone) {
      // the connection ended
    }
    if (!finished.get()) {
      clientGone.set(true);
      while (expected.getCount() > 0) {
        expected.countDown();
      }
      execThread.interrupt();
    }
  }

  /** A program's output as data frames on one stream (none: the client did not ask for it). */
  private final class StreamWriter extends Writer {
    private final Integer streamId;

    StreamWriter(Integer streamId) {
      this.streamId = streamId;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      if (streamId == null) {
        return;
      }
      byte[] b = new String(buf, off, len).getBytes(StandardCharsets.UTF_8);
      spdy.data(streamId, b, 0, b.length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
