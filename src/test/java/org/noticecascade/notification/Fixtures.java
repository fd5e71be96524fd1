package org.noticecascade.notification;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.flywaydb.core.Flyway;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * What the notification tests share: dispatcher settings, a free port, an SMTP client, group members, how a
 * delivery stands, and rounds run at the same time.
 */
final class Fixtures {

  private Fixtures() {
  }

  /** Hides only what looks like a credential in a URL: no secret is configured. */
  static final Redactor NO_SECRETS = new Redactor(List.of());

  /** 30 s backoff doubling up to 10 min, a 10 min lease. */
  static NotificationProperties.Dispatcher settings(int batchSize, int maxAttempts) {
    return new NotificationProperties.Dispatcher(true, Duration.ofSeconds(5), batchSize, Duration.ofMinutes(10),
        maxAttempts, new NotificationProperties.Backoff(Duration.ofSeconds(30), 2, Duration.ofMinutes(10)));
  }

  /** An SMTP client with short timeouts, as application.yaml configures the real one. */
  static JavaMailSenderImpl mailSender(int port) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(port);
    Properties p = new Properties();
    p.put("mail.smtp.connectiontimeout", "2000");
    p.put("mail.smtp.timeout", "2000");
    sender.setJavaMailProperties(p);
    return sender;
  }

  /** Makes the user (with this e-mail address, or none) a member of the group, creating both when missing. */
  static void member(IdentityService identity, String group, String userId, String mail) {
    if (identity.createGroupQuery().groupId(group).count() == 0) {
      identity.saveGroup(identity.newGroup(group));
    }
    if (identity.createUserQuery().userId(userId).count() == 0) {
      User u = identity.newUser(userId);
      u.setEmail(mail);
      identity.saveUser(u);
    }
    if (identity.createUserQuery().userId(userId).memberOfGroup(group).count() == 0) {
      identity.createMembership(userId, group);
    }
  }

  static long outboxId(NamedParameterJdbcTemplate jdbc, Notification n) {
    return jdbc.queryForObject("select id from notification_outbox where message_key = :key",
        new MapSqlParameterSource("key", n.key()), Long.class);
  }

  /** status and attempts of one message's delivery on one channel */
  static String delivery(NamedParameterJdbcTemplate jdbc, Notification n, String channel) {
    return jdbc.queryForObject("select status || '/' || attempts from notification_delivery d join notification_outbox o"
        + " on o.id = d.outbox_id where o.message_key = :key and d.channel = :channel",
        new MapSqlParameterSource("key", n.key()).addValue("channel", channel), String.class);
  }

  static LocalDateTime nextAttempt(NamedParameterJdbcTemplate jdbc, Notification n, String channel) {
    return jdbc.queryForObject("select next_attempt_at from notification_delivery d join notification_outbox o"
        + " on o.id = d.outbox_id where o.message_key = :key and d.channel = :channel",
        new MapSqlParameterSource("key", n.key()).addValue("channel", channel), LocalDateTime.class);
  }

  /**
   * A real PostgreSQL with the application's schema: the engine's tables first, as the application creates them
   * before Flyway runs (V7 indexes them; V29 reads the history), then every migration.
   */
  static EmbeddedPostgres migratedPostgres() throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    new ResourceDatabasePopulator(
        new ClassPathResource("org/camunda/bpm/engine/db/create/activiti.postgres.create.engine.sql"),
        new ClassPathResource("org/camunda/bpm/engine/db/create/activiti.postgres.create.history.sql"))
        .execute(postgres.getPostgresDatabase());
    Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration")
        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    return postgres;
  }

  /** A started HTTP server on a free local port with these handlers, run by the given threads. */
  static HttpServer localServer(ExecutorService threads, Map<String, HttpHandler> handlers) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    handlers.forEach(server::createContext);
    server.setExecutor(threads);
    server.start();
    return server;
  }

  static void answerJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] out = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(out);
    }
  }

  /** A person of unit tcity1 (table person), member of the group, with a mobile and a WeChat Work user id or none. */
  static void person(NamedParameterJdbcTemplate jdbc, IdentityService identity, String group, String userId,
      String mobile, String wecomUserId, boolean active) {
    member(identity, group, userId, null);
    jdbc.update("insert into person (user_id, unit_code, clerk, leader, mobile, wecom_user_id, active,"
        + " must_change_password, updated_at) values (:u, 'tcity1', true, false, :m, :w, :a, false, :now)",
        new MapSqlParameterSource("u", userId).addValue("m", mobile).addValue("w", wecomUserId).addValue("a", active)
            .addValue("now", LocalDateTime.now()));
  }

  /** A migrated PostgreSQL (see {@link #migratedPostgres}) with a JDBC template and transactions on it. */
  record Postgres(EmbeddedPostgres server, NamedParameterJdbcTemplate jdbc, TransactionTemplate tx)
      implements AutoCloseable {

    static Postgres start() throws IOException {
      EmbeddedPostgres server = migratedPostgres();
      return new Postgres(server, new NamedParameterJdbcTemplate(server.getPostgresDatabase()),
          new TransactionTemplate(new DataSourceTransactionManager(server.getPostgresDatabase())));
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
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
