package org.noticecascade.cluster;

import static org.noticecascade.cascade.UnitCascadeProcess.ACKNOWLEDGE_NOTE;
import static org.noticecascade.cascade.UnitCascadeProcess.RELAY_DUE_DATE;
import static org.noticecascade.cascade.UnitCascadeProcess.RELAY_INSTRUCTIONS;
import static org.noticecascade.cascade.UnitCascadeProcess.RELAY_KINDS;
import static org.noticecascade.cascade.UnitCascadeProcess.RELAY_UNITS;
import static org.noticecascade.cascade.UnitCascadeProcess.SUBORDINATE_KIND_OPTIONS;
import static org.noticecascade.cascade.UnitCascadeProcess.TASK_ACKNOWLEDGE;
import static org.noticecascade.cascade.UnitCascadeProcess.TASK_RELAY;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The clerks of one notice: they see their units' open 签收 and 传达 tasks (read here from the database, as their
 * Tasklist would list them) and complete them through /engine-rest as themselves, each request to one of the live
 * nodes. A request that fails (the node died, the database is restarting, a conflict) leaves the task open, and the
 * clerk submits it again, to whichever node is up.
 */
final class Clerks implements AutoCloseable {

  private final JdbcTemplate db;
  private final Supplier<List<ClusterNode>> nodes;
  private final Function<String, String> clerkOf;
  private final String password;
  private final String dueDate;
  private final ExecutorService pool;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> perNode = new ConcurrentHashMap<>();
  final AtomicLong completed = new AtomicLong();
  final AtomicLong failedAttempts = new AtomicLong();
  volatile String lastFailure = "";
  private volatile boolean running = true;
  private Thread poller;

  Clerks(JdbcTemplate db, Supplier<List<ClusterNode>> nodes, Function<String, String> clerkOf, String password,
      String dueDate, int threads) {
    this.db = db;
    this.nodes = nodes;
    this.clerkOf = clerkOf;
    this.password = password;
    this.dueDate = dueDate;
    this.pool = Executors.newFixedThreadPool(threads);
  }

  void start(long noticeId) {
    poller = new Thread(() -> poll(noticeId), "clerks-" + noticeId);
    poller.setDaemon(true);
    poller.start();
  }

  private void poll(long noticeId) {
    while (running) {
      try {
        List<Map<String, Object>> open = db.queryForList("select t.id_, t.task_def_key_, e.business_key_"
            + " from act_ru_task t join act_ru_execution e on e.id_ = t.proc_inst_id_"
            + " where t.task_def_key_ in (?, ?) and e.business_key_ like ?", TASK_ACKNOWLEDGE, TASK_RELAY,
            noticeId + "/%");
        for (Map<String, Object> task : open) {
          String id = (String) task.get("id_");
          if (!done.contains(id) && inFlight.add(id)) {
            String unit = ((String) task.get("business_key_")).substring(String.valueOf(noticeId).length() + 1);
            String key = (String) task.get("task_def_key_");
            pool.execute(() -> complete(id, key, unit));
          }
        }
      } catch (RuntimeException e) {
        // the database is restarting: the clerks look again in a moment
        lastFailure = "poll: " + e.getMessage();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void complete(String taskId, String taskKey, String unit) {
    try {
      List<ClusterNode> live = nodes.get();
      ClusterNode node = live.get(Math.floorMod(taskId.hashCode(), live.size()));
      String clerk = clerkOf.apply(unit);
      Map<String, Object> variables = new java.util.HashMap<>();
      if (TASK_ACKNOWLEDGE.equals(taskKey)) {
        variables.put(ACKNOWLEDGE_NOTE, typed("已签收", "String"));
      } else {
        Rest.Answer options = Rest.get(node.base(), "/engine-rest/task/" + taskId + "/variables/"
            + SUBORDINATE_KIND_OPTIONS + "?deserializeValue=false", clerk, password);
        if (!options.ok()) {
          failed(taskId, node, "options " + options.status() + " " + options.body());
          return;
        }
        List<String> kinds = new ArrayList<>();
        for (JsonNode option : Rest.JSON.readTree(options.json().path("value").asText("[]"))) {
          kinds.add(option.path("value").asText());
        }
        variables.put(RELAY_KINDS, typed(Rest.JSON.writeValueAsString(kinds), "Json"));
        variables.put(RELAY_UNITS, typed("[]", "Json"));
        variables.put(RELAY_DUE_DATE, typed(dueDate, "String"));
        variables.put(RELAY_INSTRUCTIONS, typed("请于截止日期前报告", "String"));
      }
      Rest.Answer answer = Rest.postJson(node.base(), "/engine-rest/task/" + taskId + "/complete", clerk, password,
          Map.of("variables", variables));
      if (answer.ok()) {
        done.add(taskId);
        completed.incrementAndGet();
        perNode.computeIfAbsent(node.name, k -> new AtomicLong()).incrementAndGet();
        inFlight.remove(taskId);
      } else {
        failed(taskId, node, answer.status() + " " + answer.body());
      }
    } catch (Exception e) {
      failed(taskId, null, e.toString());
    }
  }

  private void failed(String taskId, ClusterNode node, String why) {
    failedAttempts.incrementAndGet();
    lastFailure = (node == null ? "" : node.name + ": ") + why;
    // still open if the step did not commit: the next look finds it again
    inFlight.remove(taskId);
  }

  private static Map<String, Object> typed(Object value, String type) {
    return Map.of("value", value, "type", type);
  }

  Map<String, Long> perNode() {
    Map<String, Long> m = new java.util.TreeMap<>();
    perNode.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (poller != null) {
      poller.join(10_000);
    }
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }
}
