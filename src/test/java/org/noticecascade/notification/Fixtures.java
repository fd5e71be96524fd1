package org.noticecascade.notification;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** What the notification tests share: dispatcher settings, a free port, and rounds run at the same time. */
final class Fixtures {

  private Fixtures() {
  }

  /** 30 s backoff doubling up to 10 min, a 10 min lease. */
  static NotificationProperties.Dispatcher settings(int batchSize, int maxAttempts) {
    return new NotificationProperties.Dispatcher(true, Duration.ofSeconds(5), batchSize, Duration.ofMinutes(10),
        maxAttempts, new NotificationProperties.Backoff(Duration.ofSeconds(30), 2, Duration.ofMinutes(10)));
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One round of each dispatcher, all at once (as on several nodes); the deliveries tried in all. */
  static int pollAtOnce(List<NotificationDispatcher> dispatchers) throws InterruptedException, ExecutionException {
    ExecutorService threads = Executors.newFixedThreadPool(dispatchers.size());
    try {
      List<Callable<Integer>> rounds = new ArrayList<>();
      dispatchers.forEach(d -> rounds.add(d::poll));
      int tried = 0;
      for (Future<Integer> f : threads.invokeAll(rounds)) {
        tried += f.get();
      }
      return tried;
    } finally {
      threads.shutdown();
    }
  }
}
