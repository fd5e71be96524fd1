package org.noticecascade.bench;

import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;

/**
 * Finds new tasks of some kinds and hands each to the pool once: what clerks watching their Tasklist do, without
 * a query per clerk. New tasks are found through the creation time index; a full sweep every few seconds catches
 * tasks whose transaction committed after later ones had been seen.
 */
final class TaskPoller {

  private static final int PAGE = 200;
  private static final long SWEEP_MILLIS = 3_000;

  private final TaskService tasks;
  private final String[] keys;
  private final int backlog;
  private final TaskPool pool;
  private final Function<Task, Runnable> step;
  private final Set<String> seen = new HashSet<>();
  private volatile boolean running = true;
  private final Thread thread;
  private volatile Throwable failure;

  TaskPoller(TaskService tasks, String[] keys, int backlog, TaskPool pool, Function<Task, Runnable> step) {
    this.tasks = tasks;
    this.keys = keys;
    this.backlog = backlog;
    this.pool = pool;
    this.step = step;
    this.thread = new Thread(this::loop, "poller");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join(10_000);
    if (failure != null) {
      throw new IllegalStateException("task poller failed", failure);
    }
  }

  private TaskQuery query() {
    return tasks.createTaskQuery().taskDefinitionKeyIn(keys);
  }

  private void loop() {
    long watermark = 0;
    long lastSweep = System.currentTimeMillis();
    try {
      while (running) {
        boolean found = false;
        if (pool.pending() < backlog) {
          List<Task> page = query().taskCreatedAfter(new Date(watermark)).orderByTaskCreateTime().asc()
              .listPage(0, PAGE);
          for (Task t : page) {
            found |= hand(t);
          }
          if (!page.isEmpty()) {
            long last = page.get(page.size() - 1).getCreateTime().getTime();
            // tasks created in the same millisecond may follow beyond this page: look again from just before it
            watermark = page.size() == PAGE && !found ? last : last - 1;
          }
          if (System.currentTimeMillis() - lastSweep > SWEEP_MILLIS) {
            for (Task t : query().listPage(0, 10_000)) {
              found |= hand(t);
            }
            lastSweep = System.currentTimeMillis();
          }
        }
        if (!found) {
          Thread.sleep(25);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private boolean hand(Task task) {
    if (!seen.add(task.getId())) {
      return false;
    }
    pool.submit(step.apply(task));
    return true;
  }
}
