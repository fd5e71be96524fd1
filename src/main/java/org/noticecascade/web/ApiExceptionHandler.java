package org.noticecascade.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import org.noticecascade.form.ConflictException;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;
import org.noticecascade.support.NotFoundException;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Our API answers errors as problem+json, naming each bad field with a Chinese message. First among the advices:
 * Spring Boot's own problem-details handler (order 0) would otherwise answer Spring's exceptions in English.
 */
@RestControllerAdvice(basePackages = "org.noticecascade")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final DataSize maxUpload;
  private final DataSize maxRequest;

  ApiExceptionHandler(MultipartProperties multipart) {
    this.maxUpload = multipart.getMaxFileSize();
    this.maxRequest = multipart.getMaxRequestSize();
  }

  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflict(ConflictException e) {
    return problem(HttpStatus.CONFLICT, "冲突", e.problems());
  }

  @ExceptionHandler(InputException.class)
  ProblemDetail badInput(InputException e) {
    return problem(HttpStatus.BAD_REQUEST, "输入有误", e.problems());
  }

  @ExceptionHandler(DuplicateKeyException.class)
  ProblemDetail duplicate(DuplicateKeyException e) {
    // two requests raced past the check: the unique index decided
    return problem(HttpStatus.CONFLICT, "冲突", List.of(new FieldProblem("docNumber", "文号已被本单位使用")));
  }

  @ExceptionHandler(org.camunda.bpm.engine.AuthorizationException.class)
  ProblemDetail forbidden(org.camunda.bpm.engine.AuthorizationException e) {
    LOG.warn("refused: {}", e.getMessage());
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "您没有此项操作的权限（" + e.getMessage() + "）");
    p.setTitle("无权操作");
    return p;
  }

  @ExceptionHandler(org.noticecascade.support.ForbiddenException.class)
  ProblemDetail outsideScope(org.noticecascade.support.ForbiddenException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    p.setTitle("无权访问");
    return p;
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    p.setTitle("未找到");
    return p;
  }

  /** A body that is not JSON, has fields the API does not know, or a value of the wrong type for its field. */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    List<FieldProblem> problems;
    if (e.getCause() instanceof StrictJson.UnknownFields unknown) {
      problems = unknown.paths().stream().map(ApiExceptionHandler::unknownField).toList();
    } else if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
      problems = List.of(unknownField(path(unknown)));
    } else if (e.getCause() instanceof MismatchedInputException wrong && !wrong.getPath().isEmpty()) {
      problems = List.of(new FieldProblem(path(wrong), expected(wrong.getTargetType())));
    } else if (e.getCause() instanceof JsonProcessingException bad && bad.getLocation() != null) {
      problems = List.of(new FieldProblem("body", "请求体", "不是有效的 JSON（第 " + bad.getLocation().getLineNr() + " 行第 "
          + bad.getLocation().getColumnNr() + " 列附近）"));
    } else if (e.getCause() == null) {
      problems = List.of(new FieldProblem("body", "请求体", "不能为空"));
    } else {
      problems = List.of(new FieldProblem("body", "请求体", "不是有效的 JSON"));
    }
    return problem(HttpStatus.BAD_REQUEST, "请求格式错误", problems);
  }

  private static FieldProblem unknownField(String path) {
    return new FieldProblem(path, "本接口没有这个字段（请检查拼写，或删去此字段）");
  }

  /** The field's path as the caller wrote it: "issuedOn", "addresseeUnits[2]". */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "取值类型不符";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "日期格式应为 YYYY-MM-DD";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "应为整数";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "应为 true 或 false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "应为列表（JSON 数组）";
    }
    if (type == String.class) {
      return "应为文字";
    }
    return "取值类型不符";
  }

  /** Beyond spring.servlet.multipart.max-file-size, whether sent as a multipart file or as the body. */
  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ProblemDetail tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
    drain(request);
    return problem(HttpStatus.PAYLOAD_TOO_LARGE, "文件过大",
        List.of(new FieldProblem("file", "文件", "不得超过 " + limit(e).toMegabytes() + " MB")));
  }

  /** The limit an endpoint set itself (a unit file's 10 MB), else the multipart limit. */
  private DataSize limit(MaxUploadSizeExceededException e) {
    return e.getMaxUploadSize() > 0 ? DataSize.ofBytes(e.getMaxUploadSize()) : maxUpload;
  }

  /**
   * Reads what is left of a refused upload, as much as an accepted one may be: a server that closes the connection
   * with the body unread makes the client's TCP stack reset it, and the 413 is lost with it. (The refusal may come
   * before the file is read, when its part declares its length.)
   */
  private void drain(HttpServletRequest request) {
    byte[] rest = new byte[64 * 1024];
    try {
      InputStream in = request.getInputStream();
      for (long left = maxRequest.toBytes(); left > 0; ) {
        int n = in.read(rest, 0, (int) Math.min(rest.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException | IllegalStateException unreadable) {
      // the connection closes anyway
    }
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
    return problem(HttpStatus.BAD_REQUEST, "请求格式错误", List.of(new FieldProblem(e.getName(), "取值格式不正确")));
  }

  static ProblemDetail problem(HttpStatus status, String title, List<FieldProblem> problems) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status,
        String.join("；", problems.stream().map(FieldProblem::toString).toList()));
    p.setTitle(title);
    p.setType(URI.create("about:blank"));
    p.setProperty("errors", problems);
    return p;
  }
}
