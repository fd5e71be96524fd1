package org.noticecascade.web;

import java.net.URI;
import java.util.List;
import org.noticecascade.form.ConflictException;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;
import org.noticecascade.support.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Our API answers errors as problem+json, naming each bad field with a Chinese message. */
@RestControllerAdvice(basePackages = "org.noticecascade")
class ApiExceptionHandler {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiExceptionHandler.class);

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
    p.setTitle("无权查看");
    return p;
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    p.setTitle("未找到");
    return p;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    return problem(HttpStatus.BAD_REQUEST, "请求格式错误",
        List.of(new FieldProblem("body", "JSON 无法解析或字段类型不符（日期格式为 YYYY-MM-DD）")));
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
