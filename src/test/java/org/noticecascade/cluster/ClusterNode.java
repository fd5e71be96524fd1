package org.noticecascade.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.noticecascade.NoticeCascadeApplication;

/**
 * One application node in a JVM of its own (the app's main class on the test's class path), so that killing it is
 * a real kill -9: its sockets, its database sessions and its job locks are left as a crash leaves them. Its output
 * goes to target/cluster/&lt;name&gt;.log (appended across restarts).
 */
final class ClusterNode {

  final String name;
  final int port;
  private final List<String> args;
  private final Path log;
  private Process process;
  private volatile boolean alive;

  ClusterNode(String name, List<String> args, Path dir) {
    this.name = name;
    this.port = freePort();
    this.args = args;
    this.log = dir.resolve(name + ".log");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx" + System.getProperty("cluster.xmx", "512m"));
    command.add("-XX:+UseSerialGC");
    command.add("-Dfile.encoding=UTF-8");
    command.add("-cp");
    command.add(classPath());
    command.add(NoticeCascadeApplication.class.getName());
    command.add("--server.port=" + port);
    command.addAll(args);
    Files.writeString(log, "=== " + name + " starting: " + String.join(" ", command) + System.lineSeparator(),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    alive = true;
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  boolean alive() {
    return alive && process.isAlive();
  }

  boolean exited() {
    return process != null && !process.isAlive();
  }

  /** kill -9: no shutdown hook, no connection closed politely, job locks left as they are. */
  void kill() throws InterruptedException {
    alive = false;
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** A polite stop (SIGTERM: Spring closes the engine, the pool, the web server). */
  void stop() throws InterruptedException {
    alive = false;
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  Path log() {
    return log;
  }

  /**
   * The test's class path. Surefire passes it whole when {@code useManifestOnlyJar} is off (the pom's setting); were
   * it a manifest-only jar (surefirebooter*.jar), the real entries are that jar's Class-Path URLs.
   */
  static String classPath() {
    String cp = System.getProperty("java.class.path");
    String[] entries = cp.split(File.pathSeparator);
    if (entries.length != 1 || !entries[0].endsWith(".jar")) {
      return cp;
    }
    try (JarFile jar = new JarFile(entries[0])) {
      Manifest manifest = jar.getManifest();
      String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath == null) {
        return cp;
      }
      List<String> files = new ArrayList<>();
      for (String url : classPath.trim().split("\\s+")) {
        files.add(new File(new URL(new URL("file:" + entries[0]), url).toURI()).getPath());
      }
      return String.join(File.pathSeparator, files);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the class path from " + entries[0], e);
    }
  }
}
