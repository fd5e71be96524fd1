package org.noticecascade.notification;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A front for GreenMail's SMTP server that refuses chosen recipients as a real mail server does: it answers their
 * {@code RCPT TO} itself (e.g. {@code 550 5.1.1 … User unknown}) and passes everything else through, so GreenMail
 * still receives what is accepted. (GreenMail 2.1 accepts every recipient: its SmtpManager.checkRecipient always
 * agrees.) Counts every {@code RCPT TO} it sees.
 */
final class RefusingSmtpFront implements AutoCloseable {

  private static final Pattern RCPT = Pattern.compile("RCPT TO:\\s*<([^>]*)>.*", Pattern.CASE_INSENSITIVE);

  private final int backendPort;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, String> replies = new ConcurrentHashMap<>();
  private final List<String> recipients = new CopyOnWriteArrayList<>();

  RefusingSmtpFront(int backendPort) {
    this.backendPort = backendPort;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.submit(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          threads.submit(() -> serve(client));
        } catch (IOException e) {
          return; // closed
        }
      }
    });
  }

  int port() {
    return server.getLocalPort();
  }

  /** Answers {@code RCPT TO:<address>} with this reply line from now on, e.g. "550 5.1.1 User unknown". */
  void refuse(String address, String reply) {
    replies.put(address.toLowerCase(Locale.ROOT), reply);
  }

  /** Lets the address through again. */
  void accept(String address) {
    replies.remove(address.toLowerCase(Locale.ROOT));
  }

  /** How many times a client named this recipient, refused or not. */
  long asked(String address) {
    return recipients.stream().filter(address.toLowerCase(Locale.ROOT)::equals).count();
  }

  private void serve(Socket client) {
    try (client; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
      OutputStream toClient = client.getOutputStream();
      threads.submit(() -> pump(backend, toClient));
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream toBackend = backend.getOutputStream();
      boolean inData = false;
      for (byte[] line = readLine(in); line != null; line = readLine(in)) {
        String command = new String(line, StandardCharsets.UTF_8).strip();
        if (inData) {
          inData = !command.equals(".");
        } else {
          Matcher rcpt = RCPT.matcher(command);
          String reply = null;
          if (rcpt.matches()) {
            String address = rcpt.group(1).toLowerCase(Locale.ROOT);
            recipients.add(address);
            reply = replies.get(address);
          }
          if (reply != null) {
            // SMTP is lock-step (GreenMail offers no PIPELINING): the backend is silent while we answer
            synchronized (toClient) {
              toClient.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
              toClient.flush();
            }
            continue;
          }
          inData = command.equalsIgnoreCase("DATA");
        }
        toBackend.write(line);
        toBackend.flush();
      }
    } catch (IOException e) {
      // the client or GreenMail hung up
    }
  }

  private static void pump(Socket backend, OutputStream toClient) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = backend.getInputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (toClient) {
          toClient.write(buffer, 0, n);
          toClient.flush();
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  /** One line with its line end, or null at the end of the stream. */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      line.write(b);
      if (b == '\n') {
        return line.toByteArray();
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    threads.shutdownNow();
  }
}
