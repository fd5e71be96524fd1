package org.noticecascade.attachment;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notice.NoticeStatus;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.security.CurrentScope;
import org.noticecascade.security.Scope;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.ForbiddenException;
import org.noticecascade.support.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Who may see and add which files, and storing them. A file is seen by whoever may see the notice's progress for
 * its unit (the unit, its superiors along the path, the issuer); a unit's 转发 files also by the units below it,
 * whose tasks show them. The notice's own files are added by the issuer's clerks while the notice is open, a unit's
 * by its clerks while its 传达, 学习贯彻 or 报告 task is open.
 */
@Service
class AttachmentService {

  /** A notice still taking files: not refused at 签发, not closed or finished. */
  private static final Set<NoticeStatus> OPEN = Set.of(NoticeStatus.AWAITING_SIGN_OFF,
      NoticeStatus.AWAITING_DOC_NUMBER, NoticeStatus.DISPATCHED);

  /** The unit's tasks that take files, and the kind of file each adds. */
  private static final Map<String, String> TASK_KINDS = Map.of(UnitCascadeProcess.TASK_RELAY, Attachment.RELAY,
      UnitCascadeProcess.TASK_STUDY, Attachment.STUDY, UnitCascadeProcess.TASK_REPORT, Attachment.REPORT);

  private static final int MAX_NAME = 255;

  private final AttachmentRepository files;
  private final NoticeService notices;
  private final UnitRepository units;
  private final CurrentScope scope;
  private final IdentityService identity;
  private final TaskService tasks;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher events;
  private final long maxSize;

  AttachmentService(AttachmentRepository files, NoticeService notices, UnitRepository units, CurrentScope scope,
      IdentityService identity, TaskService tasks, TransactionTemplate tx, ApplicationEventPublisher events,
      AttachmentProperties properties) {
    this.files = files;
    this.notices = notices;
    this.units = units;
    this.scope = scope;
    this.identity = identity;
    this.tasks = tasks;
    this.tx = tx;
    this.events = events;
    this.maxSize = properties.maxSize().toBytes();
  }

  /** The file is beyond notice-cascade.attachments.max-size. */
  static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** The file's bytes are not of an allowed type, or not of the type its name claims. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message);
    }
  }

  long maxSize() {
    return maxSize;
  }

  // ---- who may add

  /** Checks the caller may add a file to the notice (before the upload is read). */
  Notice requireNoticeUploader(long noticeId) {
    Notice notice = notices.get(noticeId);
    if (!groups().contains(OrgIds.unitGroup(notice.issuerUnit()))) {
      notices.getVisible(noticeId, scope.get());
      throw new ForbiddenException("只有发文单位的经办人可以上传通知的附件");
    }
    if (!OPEN.contains(notice.status())) {
      throw new ForbiddenException("通知已" + (notice.status() == NoticeStatus.NOT_SIGNED_OFF ? "不予签发" : "办结")
          + "，不能再上传附件");
    }
    return notice;
  }

  /**
   * Checks the caller may add a file to the unit's own files: its clerk, with one of its 传达, 学习贯彻, 报告 tasks
   * open ({@code kind} chooses which, else the first open). Returns the task.
   */
  Task requireUnitUploader(long noticeId, String unitCode, String kind) {
    Notice notice = notices.get(noticeId);
    if (!groups().contains(OrgIds.unitGroup(unitCode))) {
      notices.viewRoot(noticeId, unitCode, scope.get());
      throw new ForbiddenException("只有单位 " + unitCode + " 的经办人可以上传本单位的附件");
    }
    if (kind != null && !TASK_KINDS.containsValue(kind)) {
      throw problem("kind", "附件类别", "应为 relay（转发）、study（学习贯彻）或 report（报告）");
    }
    if (!OPEN.contains(notice.status())) {
      throw new ForbiddenException("通知已办结，不能再上传附件");
    }
    List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(noticeId + "/" + unitCode)
        .taskDefinitionKeyIn(TASK_KINDS.keySet().toArray(String[]::new)).active().list();
    return open.stream().filter(t -> kind == null || kind.equals(TASK_KINDS.get(t.getTaskDefinitionKey())))
        .findFirst().orElseThrow(() -> new ForbiddenException("本单位没有待办的" + (kind == null ? "传达、学习贯彻或报告"
            : label(kind)) + "任务，不能上传附件"));
  }

  static String kindOf(Task task) {
    return TASK_KINDS.get(task.getTaskDefinitionKey());
  }

  private static String label(String kind) {
    return switch (kind) {
      case Attachment.RELAY -> "传达";
      case Attachment.STUDY -> "学习贯彻";
      default -> "报告";
    };
  }

  // ---- storing

  /**
   * Stores the file in one transaction: its type told from its first bytes, its content streamed in chunks through
   * a SHA-256 digest. A refusal or a failure leaves nothing stored.
   */
  Attachment store(long noticeId, String unitCode, String kind, String taskId, MultipartFile file, boolean main) {
    if (file == null || file.isEmpty()) {
      throw problem("file", "文件", "请选择要上传的文件（表单字段 file）");
    }
    if (file.getSize() > maxSize) {
      throw new TooLarge("文件不得超过 " + maxSize / (1024 * 1024) + " MB");
    }
    String name = fileName(file.getOriginalFilename());
    String userId = identity.getCurrentAuthentication().getUserId();
    try (InputStream raw = file.getInputStream(); BufferedInputStream in = new BufferedInputStream(raw)) {
      in.mark(FileType.HEAD);
      byte[] head = in.readNBytes(FileType.HEAD);
      in.reset();
      FileType type = FileType.detect(name, head, head.length).orElseThrow(() -> new Unsupported(
          "文件类型不受支持或与文件内容不符（仅限 " + FileType.ALLOWED + "）：" + name));
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      Long id = tx.execute(s -> {
        long created = files.insert(noticeId, unitCode, kind, taskId, name, type.contentType, main, userId,
            EngineClock.now());
        long size = write(created, new DigestInputStream(in, sha));
        if (size > maxSize) {
          // the part's declared size lied: the transaction rolls back, nothing stays
          throw new TooLarge("文件不得超过 " + maxSize / (1024 * 1024) + " MB");
        }
        files.finish(created, size, HexFormat.of().formatHex(sha.digest()));
        if (main) {
          files.unmarkMain(noticeId, created);
        }
        events.publishEvent(new AttachmentAdded(noticeId, unitCode, name, userId, created, kind));
        return created;
      });
      return files.find(id).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private long write(long id, InputStream in) {
    try {
      return files.writeContent(id, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name without any client-side folder, kept as the user gave it (Chinese included). */
  private static String fileName(String original) {
    String name = original == null ? "" : original.substring(Math.max(original.lastIndexOf('/'),
        original.lastIndexOf('\\')) + 1).strip();
    if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
      throw problem("file", "文件", "文件名不能为空或含控制字符");
    }
    if (name.length() > MAX_NAME) {
      throw problem("file", "文件", "文件名不得超过 " + MAX_NAME + " 个字符");
    }
    return name;
  }

  // ---- who may see

  /** The notice's own files (403 for a notice the caller may not see). */
  List<Attachment> noticeFiles(long noticeId) {
    notices.getVisible(noticeId, scope.get());
    return files.ofNotice(noticeId);
  }

  /** A unit's own files, for those who may see the unit's progress. */
  List<Attachment> unitFiles(long noticeId, String unitCode) {
    notices.viewRoot(noticeId, unitCode, scope.get());
    return files.ofUnit(noticeId, unitCode);
  }

  /** What a unit's tasks show: the notice's files, its superiors' 转发 files from the top down, its own. */
  List<Attachment> taskFiles(long noticeId, String unitCode) {
    String code = notices.viewRoot(noticeId, unitCode, scope.get());
    Unit unit = units.find(code).orElseThrow();
    List<String> superiors = Arrays.stream(unit.path().split("/")).filter(c -> !c.isEmpty() && !c.equals(code))
        .toList();
    List<Attachment> all = new ArrayList<>(files.ofNotice(noticeId));
    List<Attachment> relays = new ArrayList<>(files.relaysOf(noticeId, superiors));
    relays.sort((a, b) -> Integer.compare(superiors.indexOf(a.unitCode()), superiors.indexOf(b.unitCode())));
    all.addAll(relays);
    all.addAll(files.ofUnit(noticeId, code));
    return all;
  }

  /**
   * The report files of the notice's direct addressees, for the issuer's 汇总 and 跟踪: only for those who may see
   * the whole notice's progress (the issuer's clerks and leaders, those above the issuer); 403 for anyone else.
   */
  List<Attachment> addresseeReports(long noticeId) {
    Scope s = scope.get();
    Notice notice = notices.getVisible(noticeId, s);
    if (!s.everything() && !s.covers(notices.issuerPath(notice))) {
      throw new ForbiddenException("只有发文单位及其上级可以查看各单位的报告附件");
    }
    return files.levelOneReports(noticeId);
  }

  /** The attachment if the caller may see it; 404 alike for an id that does not exist and one that is not theirs. */
  Attachment visible(long id) {
    Attachment a = files.find(id).orElse(null);
    if (a == null || !maySee(a, scope.get())) {
      throw new NotFoundException("附件 " + id + " 不存在");
    }
    return a;
  }

  private boolean maySee(Attachment a, Scope s) {
    try {
      notices.getVisible(a.noticeId(), s);
      if (a.unitCode() == null) {
        return true;
      }
      notices.viewRoot(a.noticeId(), a.unitCode(), s);
      return true;
    } catch (ForbiddenException | NotFoundException outside) {
      // a 转发 file is seen below its unit too: by the units its relay reached
      return Attachment.RELAY.equals(a.ownerKind()) && !s.everything() && units.find(a.unitCode())
          .map(u -> s.paths().stream().anyMatch(p -> p.startsWith(u.path()))).orElse(false)
          && seesNotice(a.noticeId(), s);
    }
  }

  private boolean seesNotice(long noticeId, Scope s) {
    try {
      notices.getVisible(noticeId, s);
      return true;
    } catch (ForbiddenException outside) {
      return false;
    }
  }

  void copy(Attachment a, OutputStream out) throws IOException {
    files.copyContent(a, out);
  }

  private static InputException problem(String field, String label, String message) {
    return new InputException(List.of(new FieldProblem(field, label, message)));
  }

  private List<String> groups() {
    Authentication auth = identity.getCurrentAuthentication();
    if (auth == null) {
      return List.of();
    }
    return auth.getGroupIds() != null ? auth.getGroupIds()
        : identity.createGroupQuery().groupMember(auth.getUserId()).list().stream().map(Group::getId).toList();
  }
}
