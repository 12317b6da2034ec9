package dev.jkops.cloud.local.apiserver;

import com.sun.net.httpserver.HttpServer;
import dev.jkops.api.SafePaths;
import dev.jkops.api.store.StateStores;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The API server process ({@link ApiServerProcess} starts it): HTTPS on 127.0.0.1 with the
 * certificate in its dir. Client certificates are asked for but any is let through the handshake,
 * so that one the cluster CA did not issue (or none) gets Kubernetes' 401 Status rather than a TLS
 * alert; {@link UpgradeFront}, which takes every connection first, checks them against the CA and
 * tells {@link KubeApi}, behind it on another loopback port, which requests come with one.
 */
public final class ApiServerMain {
  private ApiServerMain() {}

  /**
   * Serves until the process is killed. The entry point is {@code cloud.local.LocalApiServer}, the
   * package above this one, because installing a provider is a cluster update, which lives there.
   */
  public static void serve(String[] args, ProviderInstaller installer) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('='); // every argument is --key=value, the mark (--role=...) included
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Path runtimeDir = Path.of(a.get("--runtime-dir"));
    Path dir = ApiServerProcess.dirOf(runtimeDir);
    X509Certificate ca = ClusterPki.readCertificate(Files.readString(dir.resolve("ca.crt")));
    X509Certificate cert = ClusterPki.readCertificate(Files.readString(dir.resolve("server.crt")));
    java.security.PrivateKey key = ClusterPki.readKey(Files.readString(dir.resolve("server.key")));

    SSLContext ssl = tls(ca, cert, key);

    int port = Integer.parseInt(a.getOrDefault("--port", "0"));
    javax.net.ssl.SSLServerSocket listener;
    try {
      listener = UpgradeFront.listen(ssl, port);
    } catch (java.net.BindException taken) {
      System.err.println("port " + port + " is taken; listening on another (export kubecfg again)");
      listener = UpgradeFront.listen(ssl, 0);
    }
    // plain HTTP on another loopback port, reached only through the front (see UpgradeFront)
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    Map<String, String> env = new HashMap<>(System.getenv());
    ClusterObjects objects =
        new ClusterObjects(
            runtimeDir,
            StateStores.open(a.get("--state"), env),
            a.get("--cluster"),
            env,
            installer);
    finishTerminatingOnceEtcdAnswers(objects);
    ClusterPki.Verifier verifier = new ClusterPki.Verifier(ca);
    UpgradeFront front =
        new UpgradeFront(listener, server.getAddress(), verifier, new StreamingEndpoints(objects));
    KubeApi api = new KubeApi(objects, verifier, front::clientCertified);
    server.createContext("/", api);
    server.setExecutor(
        Executors.newCachedThreadPool()); // a watch holds its thread for as long as kubectl watches
    server.start();
    front.start();
    int bound = front.port();
    SafePaths.writeAtomically(
        dir.resolve("port"),
        (bound + "\n").getBytes(StandardCharsets.UTF_8),
        SafePaths.READABLE_FILE);
    SafePaths.writeAtomically(
        dir.resolve("ready"),
        (bound + "\n").getBytes(StandardCharsets.UTF_8),
        SafePaths.READABLE_FILE);
    System.err.println(
        "kube-apiserver for cluster "
            + a.get("--cluster")
            + " listening on https://127.0.0.1:"
            + bound);
  }

  /**
   * {@code update cluster --yes} starts this server beside etcd, which may not answer yet: the
   * namespaces an earlier server left Terminating are finished once it does, off the start.
   */
  private static void finishTerminatingOnceEtcdAnswers(ClusterObjects objects) {
    Thread t =
        new Thread(
            () -> {
              for (int attempt = 0; attempt < 120; attempt++) { // bounded: a minute
                try {
                  objects.finishTerminating();
                  return;
                } catch (RuntimeException notYet) {
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
              System.err.println(
                  "etcd did not answer within a minute; Terminating namespaces are finished at the"
                      + " next start");
            },
            "finish-terminating");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The server's TLS: its certificate with the CA's, and a client certificate asked for but any let
   * through the handshake ({@link UpgradeFront} checks it against the CA). The identity is handed
   * to TLS as it is, not through a PKCS#12 key store: putting the key in one and taking it out
   * again encrypts and decrypts it with 10,000 rounds of PBKDF2 each way, ~100 ms of a cold
   * server's start.
   */
  static SSLContext tls(X509Certificate ca, X509Certificate cert, java.security.PrivateKey key)
      throws java.security.GeneralSecurityException {
    javax.net.ssl.KeyManager identity = new ServerIdentity(new X509Certificate[] {cert, ca}, key);
    TrustManager letThrough =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {ca};
          }
        };
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(new javax.net.ssl.KeyManager[] {identity}, new TrustManager[] {letThrough}, null);
    return ssl;
  }

  /**
   * The server's one identity, offered for the key types its key is of: "EC" or "RSA", or a legacy
   * "KEY_SIGNATURE" type (TLS 1.2's static ECDH suites, off by default) whose signature the
   * certificate's algorithm names, as the JDK's own SunX509 key manager matches them.
   */
  private static final class ServerIdentity extends javax.net.ssl.X509ExtendedKeyManager {
    private static final String ALIAS = "server";
    private final X509Certificate[] chain;
    private final java.security.PrivateKey key;

    ServerIdentity(X509Certificate[] chain, java.security.PrivateKey key) {
      this.chain = chain;
      this.key = key;
    }

    private boolean serves(String keyType) {
      String algorithm = key.getAlgorithm();
      if (keyType.equals(algorithm)) {
        return true;
      }
      int sep = keyType.indexOf('_');
      return sep > 0
          && keyType.substring(0, sep).equals(algorithm)
          && chain[0]
              .getSigAlgName()
              .toUpperCase(java.util.Locale.ROOT)
              .endsWith("WITH" + keyType.substring(sep + 1));
    }

    private String alias(String keyType) {
      return keyType != null && serves(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(
        String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return alias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(
        String keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return null; // a server only
    }

    @Override
    public String chooseClientAlias(
        String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }
}
