package org.noticecascade.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * CPU time spent by this JVM and by the PostgreSQL server (the postmaster and its backends, read from /proc), so a
 * figure can be given per operation: on a machine shared with other work the wall-clock rates fall, the CPU
 * each operation costs much less. Linux only; elsewhere the PostgreSQL part is NaN.
 */
final class CpuMeter {

  /** Linux's USER_HZ: /proc reports CPU time in these ticks. */
  private static final double TICKS_PER_SECOND = 100.0;

  record Snapshot(long jvmNanos, double dbSeconds) {
  }

  private final long postmaster;

  CpuMeter(JdbcTemplate jdbc) {
    Integer backend = jdbc.queryForObject("select pg_backend_pid()", Integer.class);
    long parent = -1;
    try {
      parent = Long.parseLong(stat(backend)[3]);
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not readable: PostgreSQL's share stays unknown
    }
    this.postmaster = parent;
  }

  Snapshot now() {
    long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new Snapshot(jvm, postmaster < 0 ? Double.NaN : serverSeconds());
  }

  /** The postmaster's own time and its ended children's, and its live backends' time. */
  private double serverSeconds() {
    double ticks = 0;
    try {
      String[] pm = stat(postmaster);
      ticks += Long.parseLong(pm[13]) + Long.parseLong(pm[14]) + Long.parseLong(pm[15]) + Long.parseLong(pm[16]);
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          String name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          try {
            String[] s = stat(Long.parseLong(name));
            if (Long.parseLong(s[3]) == postmaster) {
              ticks += Long.parseLong(s[13]) + Long.parseLong(s[14]);
            }
          } catch (IOException | RuntimeException gone) {
            // the process ended meanwhile: its time is in the postmaster's children's time
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** The fields of /proc/pid/stat after the command name (field 3 of proc(5) is index 0 here + 2). */
  private static String[] stat(long pid) throws IOException {
    String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
    // re-index so that [3] is ppid (proc(5) field 4) and [13], [14] are utime, stime (fields 14, 15)
    String[] fields = new String[rest.length + 2];
    fields[0] = Long.toString(pid);
    fields[1] = "";
    System.arraycopy(rest, 0, fields, 2, rest.length);
    return fields;
  }
}
