package org.noticecascade.orgdirectory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.support.ForbiddenException;
import org.noticecascade.support.NotFoundException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports people from CSV, all or nothing (every bad line named, nothing written when one is bad): Camunda users,
 * their {@code person} rows, and their memberships of their unit's clerks' and leaders' groups as their roles say.
 * A new person gets a one-time password, given once in the answer and never stored in clear; a person marked
 * inactive loses their memberships and their password. The file never touches an administrator's account.
 */
@Service
@EnableConfigurationProperties(PeopleImportService.UsersProperties.class)
public class PeopleImportService {

  /**
   * {@code notice-cascade.users.*}.
   *
   * @param externalLogin people log in through a single sign-on in front of the application: new people get no
   *     password of ours (an unusable one) and must change none
   */
  @ConfigurationProperties("notice-cascade.users")
  record UsersProperties(boolean externalLogin) {
  }

  /** A one-time password issued by an import: shown once, to the administrator who imported. */
  public record Issued(String userId, String name, String unitCode, String password) {
  }

  public record Result(int created, int updated, int deactivated, int reactivated, List<Issued> passwords) {
  }

  private record Checked(PersonCsv.Row row, boolean clerk, boolean leader, boolean active, String email,
                         String mobile) {
  }

  static final String REFUSAL = "只有系统管理员可以导入或停用人员";
  /** Camunda's own rule for user ids; 64 is its column's width. */
  private static final Pattern USER_ID = Pattern.compile("[a-zA-Z0-9]{1,64}");
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  private static final Pattern MOBILE = Pattern.compile("(?:\\+86|86)?(1[3-9][0-9]{9})");
  private static final Pattern CHANNEL_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  private static final Pattern ROLE_SEPARATOR = Pattern.compile("[+、,，/]");
  private static final int IDS_PER_QUERY = 1000;

  private final PersonRepository persons;
  private final UnitRepository units;
  private final IdentityService identity;
  private final ProcessEngine engine;
  private final UnitGroups groups;
  private final Administrators administrators;
  private final Accounts accounts;
  private final TransactionTemplate tx;
  private final boolean externalLogin;

  PeopleImportService(PersonRepository persons, UnitRepository units, ProcessEngine engine, UnitGroups groups,
      Administrators administrators, Accounts accounts, TransactionTemplate tx, UsersProperties properties) {
    this.persons = persons;
    this.units = units;
    this.engine = engine;
    this.identity = engine.getIdentityService();
    this.groups = groups;
    this.administrators = administrators;
    this.accounts = accounts;
    this.tx = tx;
    this.externalLogin = properties.externalLogin();
  }

  /** Refuses (403) anyone but a logged-in administrator: what the API asks before it reads an upload. */
  void requireAdministrator() {
    administrators.require(REFUSAL);
  }

  /** Reads the whole file first, outside any transaction, then checks and writes it in one. */
  public Result importCsv(InputStream csv) {
    administrators.requireUnlessApplication(REFUSAL);
    List<PersonCsv.Row> rows = PersonCsv.parse(csv);
    return tx.execute(status -> apply(rows));
  }

  /** An administrator closes a person's account; the people file may reactivate it. */
  void deactivate(String userId) {
    requireAdministrator();
    PersonRepository.Person person = persons.find(userId)
        .orElseThrow(() -> new NotFoundException("人员目录中没有用户 " + userId));
    if (administratorIds().contains(userId)) {
      throw new ForbiddenException("用户 " + userId + " 是系统管理员，不能在人员目录中停用");
    }
    tx.executeWithoutResult(status -> {
      if (!person.active()) {
        return;
      }
      User user = identity.createUserQuery().userId(userId).singleResult();
      if (user != null) {
        user.setPassword(OneTimePasswords.unusable(userId));
        identity.saveUser(user);
      }
      Map<String, Set<String>> current = memberships(List.of(userId));
      setMemberships(userId, current.getOrDefault(userId, Set.of()), Set.of());
      persons.update(List.of(new PersonRepository.Person(userId, person.unitCode(), person.clerk(), person.leader(),
          person.mobile(), person.wecomUserId(), person.dingtalkUserId(), false, false)));
      accounts.forgetOnCommit(List.of(userId));
    });
  }

  private Result apply(List<PersonCsv.Row> rows) {
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, Checked> byId = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (PersonCsv.Row row : rows) {
      Checked checked = check(row, problems);
      if (checked == null) {
        continue;
      }
      Integer earlier = lineOf.putIfAbsent(row.userId(), row.line());
      if (earlier != null) {
        problems.add(new FieldProblem(where(row), "用户名 " + row.userId() + " 与第" + earlier + "行重复"));
      } else {
        byId.put(row.userId(), checked);
      }
    }
    Set<String> codes = new HashSet<>();
    byId.values().forEach(c -> codes.add(c.row().unitCode()));
    Map<String, Unit> known = new HashMap<>();
    units.findAll(codes).forEach(u -> known.put(u.code(), u));
    Set<String> admins = administratorIds();
    for (Checked c : byId.values()) {
      if (!known.containsKey(c.row().unitCode())) {
        problems.add(new FieldProblem(where(c.row()), "单位 " + c.row().unitCode() + " 不存在（请先导入单位文件）"));
      }
      if (admins.contains(c.row().userId())) {
        problems.add(new FieldProblem(where(c.row()), "用户 " + c.row().userId()
            + " 是系统管理员；人员文件不能修改管理员账号，请删去此行"));
      }
    }
    problems.sort((a, b) -> Integer.compare(lineNumber(a), lineNumber(b)));
    CsvFiles.refuse(problems);

    Map<String, User> users = users(byId.keySet());
    Map<String, PersonRepository.Person> old = persons.findAll(byId.keySet());
    Map<String, Set<String>> memberships = memberships(byId.keySet());
    ensureGroups(byId.values().stream().map(c -> known.get(c.row().unitCode())).distinct().toList());
    // one engine command for all the users and memberships: the engine then writes them in a few batched
    // statements when the command ends, and finds each new user in its cache, instead of a round of queries,
    // inserts and a flush for every call (the identity service's calls join this command)
    Result result = engineCommands().execute(context -> write(byId, users, old, memberships));
    // a new password for an old account: earlier wrong passwords must not hold it back. After the command above
    // (the unlock reads and writes the user the command has just saved)
    for (Checked c : byId.values()) {
      PersonRepository.Person before = old.get(c.row().userId());
      if (c.active() && before != null && !before.active()) {
        identity.unlockUser(c.row().userId());
      }
    }
    accounts.forgetOnCommit(byId.keySet());
    return result;
  }

  private CommandExecutor engineCommands() {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
  }

  private Result write(Map<String, Checked> byId, Map<String, User> users, Map<String, PersonRepository.Person> old,
      Map<String, Set<String>> memberships) {
    List<PersonRepository.Person> inserts = new ArrayList<>();
    List<PersonRepository.Person> updates = new ArrayList<>();
    List<Issued> issued = new ArrayList<>();
    int created = 0;
    int deactivated = 0;
    int reactivated = 0;
    for (Checked c : byId.values()) {
      PersonCsv.Row row = c.row();
      User user = users.get(row.userId());
      boolean isNew = user == null;
      PersonRepository.Person before = old.get(row.userId());
      // a user made before the people file (in Admin, say) has a password of their own
      boolean wasActive = before == null ? !isNew : before.active();
      boolean save = isNew;
      if (isNew) {
        user = identity.newUser(row.userId());
        created++;
      }
      save |= set(user, row.name(), c.email());
      boolean mustChange = before != null && before.mustChangePassword() && c.active();
      if (!c.active() && wasActive) {
        user.setPassword(OneTimePasswords.unusable(row.userId()));
        save = true;
        deactivated++;
      } else if (c.active() && !wasActive) {
        if (!isNew) {
          reactivated++;
        }
        if (externalLogin) {
          user.setPassword(OneTimePasswords.unusable(row.userId()));
        } else {
          String password = OneTimePasswords.oneTime(row.userId());
          user.setPassword(password);
          issued.add(new Issued(row.userId(), row.name(), row.unitCode(), password));
          mustChange = true;
        }
        save = true;
      } else if (isNew) {
        // a new person already inactive: an account nobody can log in to
        user.setPassword(OneTimePasswords.unusable(row.userId()));
        deactivated++;
      }
      if (save) {
        identity.saveUser(user);
      }
      Set<String> wanted = new LinkedHashSet<>();
      if (c.active() && c.clerk()) {
        wanted.add(OrgIds.unitGroup(row.unitCode()));
      }
      if (c.active() && c.leader()) {
        wanted.add(OrgIds.leaderGroup(row.unitCode()));
      }
      setMemberships(row.userId(), memberships.getOrDefault(row.userId(), Set.of()), wanted);
      PersonRepository.Person person = new PersonRepository.Person(row.userId(), row.unitCode(), c.clerk(),
          c.leader(), c.mobile(), blankToNull(row.wecomUserId()), blankToNull(row.dingtalkUserId()), c.active(),
          mustChange);
      (before == null ? inserts : updates).add(person);
    }
    persons.insert(inserts);
    persons.update(updates);
    return new Result(created, byId.size() - created, deactivated, reactivated, issued);
  }

  /** The row's own problems (those that need no look-up); null when it cannot be imported. */
  private Checked check(PersonCsv.Row row, List<FieldProblem> problems) {
    int before = problems.size();
    String where = where(row);
    if (!USER_ID.matcher(row.userId()).matches()) {
      problems.add(new FieldProblem(where, "用户名“" + row.userId() + "”应为 1 至 64 位英文字母或数字"));
    }
    if (row.name().isEmpty() || row.name().length() > 50) {
      problems.add(new FieldProblem(where, "姓名必填，且不超过 50 字"));
    }
    if (!OrgIds.CODE.matcher(row.unitCode()).matches()) {
      problems.add(new FieldProblem(where, "单位代码“" + row.unitCode() + "”应为 2 至 20 位小写字母或数字"));
    }
    boolean clerk = false;
    boolean leader = false;
    String role = row.role().toLowerCase(Locale.ROOT);
    if (role.equals("both")) {
      clerk = true;
      leader = true;
    } else {
      for (String part : ROLE_SEPARATOR.split(role, -1)) {
        switch (part.trim()) {
          case "经办人", "clerk" -> clerk = true;
          case "负责人", "leader" -> leader = true;
          default -> {
            clerk = false;
            leader = false;
          }
        }
        if (!clerk && !leader) {
          break;
        }
      }
    }
    if (!clerk && !leader) {
      problems.add(new FieldProblem(where, "角色“" + row.role()
          + "”无效，应为 经办人、负责人，或两者兼任（经办人+负责人）；也可写 clerk、leader、both"));
    }
    String email = row.email().isEmpty() ? null : row.email();
    if (email != null && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
      problems.add(new FieldProblem(where, "电子邮箱“" + row.email() + "”格式不正确"));
    }
    String mobile = null;
    if (!row.mobile().isEmpty()) {
      Matcher m = MOBILE.matcher(row.mobile().replaceAll("[\\s-]", ""));
      if (m.matches()) {
        mobile = m.group(1);
      } else {
        problems.add(new FieldProblem(where, "手机号“" + row.mobile() + "”应为 11 位中国大陆手机号（可带 +86）"));
      }
    }
    for (String[] id : new String[][] {{"企业微信账号", row.wecomUserId()}, {"钉钉账号", row.dingtalkUserId()}}) {
      if (!id[1].isEmpty() && !CHANNEL_ID.matcher(id[1]).matches()) {
        problems.add(new FieldProblem(where, id[0] + "“" + id[1] + "”应为不超过 64 位的字母、数字或 _ . @ -"));
      }
    }
    Boolean active = switch (row.active().toLowerCase(Locale.ROOT)) {
      case "", "是", "true", "1" -> true;
      case "否", "false", "0" -> false;
      default -> null;
    };
    if (active == null) {
      problems.add(new FieldProblem(where, "在用“" + row.active() + "”无效，应为 是/否、true/false 或 1/0"));
    }
    return problems.size() > before ? null : new Checked(row, clerk, leader, active, email, mobile);
  }

  private static String where(PersonCsv.Row row) {
    return "第" + row.line() + "行";
  }

  /** Problems in the file's order: the line checks first found, then the look-ups, are read as one list. */
  private static int lineNumber(FieldProblem p) {
    Matcher m = Pattern.compile("第(\\d+)行").matcher(p.field());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static boolean set(User user, String name, String email) {
    // the whole name as first name: Tasklist shows "first last", and a Chinese name is not split
    boolean changed = !name.equals(user.getFirstName()) || !"".equals(user.getLastName())
        || !java.util.Objects.equals(email, user.getEmail());
    user.setFirstName(name);
    user.setLastName("");
    user.setEmail(email);
    return changed;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private Set<String> administratorIds() {
    Set<String> ids = new HashSet<>();
    identity.createUserQuery().memberOfGroup(OrgIds.ADMIN_GROUP).list().forEach(u -> ids.add(u.getId()));
    // the first administrator's usual id, even before its membership exists
    ids.add("admin");
    return ids;
  }

  private Map<String, User> users(Set<String> ids) {
    Map<String, User> found = new HashMap<>();
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
      String[] slice = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)).toArray(String[]::new);
      identity.createUserQuery().userIdIn(slice).list().forEach(u -> found.put(u.getId(), u));
    }
    return found;
  }

  private Map<String, Set<String>> memberships(java.util.Collection<String> ids) {
    Map<String, Set<String>> found = new HashMap<>();
    persons.unitMemberships(ids).forEach(m ->
        found.computeIfAbsent(m.userId(), k -> new HashSet<>()).add(m.groupId()));
    return found;
  }

  /** Makes both groups of the units that lack one (made by an import older than the leaders' groups). */
  private void ensureGroups(List<Unit> used) {
    Set<String> wanted = new HashSet<>();
    used.forEach(u -> {
      wanted.add(OrgIds.unitGroup(u.code()));
      wanted.add(OrgIds.leaderGroup(u.code()));
    });
    Set<String> existing = new HashSet<>(persons.existingGroups(wanted));
    for (Unit u : used) {
      if (!existing.contains(OrgIds.unitGroup(u.code())) || !existing.contains(OrgIds.leaderGroup(u.code()))) {
        groups.ensure(u);
      }
    }
  }

  /** Only the unit groups' memberships change: camunda-admin and any other group are left as they are. */
  private void setMemberships(String userId, Set<String> current, Set<String> wanted) {
    for (String group : current) {
      if (!wanted.contains(group)) {
        identity.deleteMembership(userId, group);
      }
    }
    for (String group : wanted) {
      if (!current.contains(group)) {
        identity.createMembership(userId, group);
      }
    }
  }
}
