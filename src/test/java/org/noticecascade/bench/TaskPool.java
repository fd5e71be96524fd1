package org.noticecascade.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.OptimisticLockingException;

/**
 * The clerks: a fixed number of threads doing engine steps. A step that collides with a concurrent one
 * (optimistic locking) is retried, as a clerk would submit again; any other failure is counted and kept.
 */
final class TaskPool {

  private static final int ATTEMPTS = 5;

  private final ExecutorService threads;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final Latencies latencies = new Latencies();

  TaskPool(String name, int size) {
    AtomicInteger n = new AtomicInteger();
    threads = Executors.newFixedThreadPool(size, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  void submit(Runnable step) {
    pending.incrementAndGet();
    threads.execute(() -> {
      try {
        for (int attempt = 1; ; attempt++) {
          try {
            step.run();
            done.incrementAndGet();
            return;
          } catch (OptimisticLockingException e) {
            if (attempt == ATTEMPTS) {
              throw e;
            }
            retried.incrementAndGet();
            Thread.sleep(20L * attempt);
          }
        }
      } catch (Throwable t) {
        failed.incrementAndGet();
        if (firstFailure.compareAndSet(null, t)) {
          System.out.println("BENCH step failed: " + t);
          t.printStackTrace(System.out);
        }
      } finally {
        pending.decrementAndGet();
      }
    });
  }

  int pending() {
    return pending.get();
  }

  void awaitIdle() {
    while (pending.get() > 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  void shutdown() {
    threads.shutdown();
    try {
      threads.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long done() {
    return done.get();
  }

  long failed() {
    return failed.get();
  }

  long retried() {
    return retried.get();
  }

  Throwable firstFailure() {
    return firstFailure.get();
  }

  Latencies latencies() {
    return latencies;
  }
}
