package org.noticecascade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.noticecascade.orgdirectory.OrgIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda's REST API, at /engine-rest and behind the webapps at /camunda/api/engine, is closed by default to everyone
 * but administrators: a clerk or leader reaches exactly the calls Tasklist, Cockpit and our views make, listed below,
 * and gets 403 for every other. What the engine then allows among those is decided by its authorizations and by
 * {@link EngineCommandGuard}. The people directory is narrowed to the users a person works with ({@link VisibleUsers}).
 */
class EngineRestGate extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRestGate.class);
  private static final String ENGINE = "default";
  private static final String ID = "[^/]+";

  /** The calls open to a logged-in person, by method, as paths below the engine. */
  private static final Map<String, List<Pattern>> OPEN = Map.of(
      "GET", patterns(
          "/?", "/engine/?", "/version",
          "/task(/count)?", "/task/" + ID,
          "/task/" + ID + "/(form|deployed-form|rendered-form|form-variables|identity-links|comment(/" + ID + ")?)",
          "/task/" + ID + "/(variables|localVariables)(/" + ID + "(/data)?)?",
          "/filter(/count)?", "/filter/" + ID + "(/list|/count|/singleResult)?",
          "/process-definition(/count|/statistics)?",
          "/process-definition/(key/" + ID + "|" + ID + ")(/(xml|form|startForm|deployed-start-form|rendered-form"
              + "|form-variables|diagram|statistics|static-called-process-definitions))?",
          "/process-instance(/count)?",
          "/process-instance/" + ID + "(/(activity-instances|comment|variables(/" + ID + "(/data)?)?))?",
          "/execution(/count)?", "/variable-instance(/count)?", "/variable-instance/" + ID + "(/data)?",
          "/history/(process-instance|activity-instance|task|variable-instance|detail|incident|user-operation"
              + "|job-log|identity-link-log|process-definition)(/count)?",
          "/history/(process-instance|activity-instance|variable-instance|detail)/" + ID + "(/data)?",
          "/history/process-instance/report", "/history/process-definition/" + ID + "/statistics",
          "/incident(/count)?", "/job(/count)?", "/job-definition(/count)?",
          "/deployment(/count)?", "/deployment/" + ID + "(/resources(/" + ID + "(/data)?)?)?",
          "/case-definition(/count)?", "/decision-definition(/count)?", "/decision-requirements-definition(/count)?",
          "/group(/count)?", "/group/" + ID, "/tenant(/count)?", "/authorization/check",
          "/user(/count)?", "/user/" + ID + "/profile", "/identity/groups"),
      "POST", patterns(
          "/task(/count)?", "/filter/" + ID + "/(list|count|singleResult)",
          "/task/" + ID + "/(submit-form|complete|claim|unclaim|assignee|comment/create)",
          "/process-definition/(key/" + ID + "|" + ID + ")/submit-form",
          "/process-instance(/count)?", "/execution(/count)?", "/variable-instance(/count)?",
          "/history/(process-instance|activity-instance|task|variable-instance|detail|incident|user-operation"
              + "|job-log|identity-link-log)(/count)?",
          "/job(/count)?", "/job-definition(/count)?", "/incident(/count)?"));

  /** What designers may call besides: deploy processes and forms (Modeler's Deploy button, scripts/deploy.sh). */
  private static final Pattern DESIGNER_DEPLOY = Pattern.compile("/deployment/create/?");

  private static final Pattern WEBAPP_PREFIX = Pattern.compile("^/camunda/api/engine/engine(/([^/]+))?");
  private static final Pattern REST_PREFIX = Pattern.compile("^/engine-rest(/engine/([^/]+))?");
  // the people directory's paths, narrowed below
  private static final Pattern USER_QUERY = Pattern.compile("/user(/count)?/?");
  private static final Pattern USER_PROFILE = Pattern.compile("/user/([^/]+)/profile/?");
  private static final Pattern USER_GROUPS = Pattern.compile("/identity/groups/?");

  private final IdentityService identity;
  private final VisibleUsers visibleUsers;

  EngineRestGate(IdentityService identity, VisibleUsers visibleUsers) {
    this.identity = identity;
    this.visibleUsers = visibleUsers;
  }

  private static List<Pattern> patterns(String... regexes) {
    return Arrays.stream(regexes).map(r -> Pattern.compile(r + "/?")).toList();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String full = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Matcher webapp = WEBAPP_PREFIX.matcher(full);
    boolean fromWebapp = webapp.find();
    Matcher prefix = fromWebapp ? webapp : REST_PREFIX.matcher(full);
    if (!fromWebapp && !prefix.find()) {
      chain.doFilter(request, response);
      return;
    }
    Caller caller = caller(request, fromWebapp);
    if (caller == null || caller.administrator()) {
      // anonymous callers meet the authentication filters' 401; administrators may use the whole API
      chain.doFilter(request, response);
      return;
    }
    String path = full.substring(prefix.end());
    // HEAD reads as GET does; OPTIONS tells Tasklist which links the user may follow (resource options)
    String method = "HEAD".equals(request.getMethod()) || "OPTIONS".equals(request.getMethod()) ? "GET"
        : request.getMethod();
    boolean designerDeploys = caller.designer() && "POST".equals(method) && DESIGNER_DEPLOY.matcher(path).matches();
    if (!isOpen(method, path) && !designerDeploys) {
      LOG.warn("拒绝 {} 调用引擎接口 {} {}", caller.userId(), method, path);
      refuse(response, HttpServletResponse.SC_FORBIDDEN, DESIGNER_DEPLOY.matcher(path).matches()
          ? "部署流程须由流程设计人员（designers 组）或系统管理员进行" : "此接口仅供系统管理员使用");
      return;
    }
    if ("GET".equals(method) && USER_QUERY.matcher(path).matches()) {
      Set<String> visible = visibleUsers.of(caller.userId(), caller.groups());
      chain.doFilter(new NarrowedUserQuery(request, visible), response);
      return;
    }
    Matcher profile = USER_PROFILE.matcher(path);
    if (profile.matches() && !visibleUsers.of(caller.userId(), caller.groups()).contains(profile.group(1))) {
      refuse(response, HttpServletResponse.SC_NOT_FOUND, "没有这个用户");
      return;
    }
    if (USER_GROUPS.matcher(path).matches() && !caller.userId().equals(request.getParameter("userId"))) {
      refuse(response, HttpServletResponse.SC_FORBIDDEN, "只能查询本人所在的用户组");
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean isOpen(String method, String path) {
    if (path.contains(";") || path.contains("%") || path.contains("..") || path.contains("//")) {
      return false;
    }
    return OPEN.getOrDefault(method, List.of()).stream().anyMatch(p -> p.matcher(path).matches());
  }

  private record Caller(String userId, List<String> groups) {
    boolean administrator() {
      return groups.contains(OrgIds.ADMIN_GROUP);
    }

    boolean designer() {
      return groups.contains(OrgIds.DESIGNERS_GROUP);
    }
  }

  /** The person calling: Basic on /engine-rest (set by Camunda's filter before this one), the session otherwise. */
  private Caller caller(HttpServletRequest request, boolean fromWebapp) {
    if (!fromWebapp) {
      Authentication auth = identity.getCurrentAuthentication();
      return auth == null || auth.getUserId() == null ? null
          : new Caller(auth.getUserId(), auth.getGroupIds() == null ? List.of() : auth.getGroupIds());
    }
    HttpSession session = request.getSession(false);
    Authentications auths = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
    var auth = auths == null ? null : auths.getAuthenticationForProcessEngine(ENGINE);
    if (auth instanceof UserAuthentication user && user.getIdentityId() != null) {
      return new Caller(user.getIdentityId(), user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds()));
    }
    return null;
  }

  private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    // the shape of Camunda's own REST errors, which Tasklist and Cockpit show
    response.getWriter().write("{\"type\":\"" + (status == 403 ? "AuthorizationException" : "InvalidRequestException")
        + "\",\"message\":\"" + message + "\"}");
  }

  /** A user query limited to the visible users: their ids are added as {@code idIn}, meeting any the caller gave. */
  private static final class NarrowedUserQuery extends HttpServletRequestWrapper {

    private final Map<String, String[]> parameters;

    NarrowedUserQuery(HttpServletRequest request, Set<String> visible) {
      super(request);
      Map<String, String[]> p = new LinkedHashMap<>(request.getParameterMap());
      List<String> allowed = new ArrayList<>(visible);
      String[] asked = p.get("idIn");
      if (asked != null) {
        Set<String> wanted = Arrays.stream(asked).flatMap(a -> Arrays.stream(a.split(","))).map(String::trim)
            .collect(Collectors.toSet());
        allowed.retainAll(wanted);
      }
      // an empty idIn means "no restriction" to Camunda: name an id nobody can have instead
      p.put("idIn", new String[] {allowed.isEmpty() ? "-" : String.join(",", allowed)});
      this.parameters = Collections.unmodifiableMap(p);
    }

    @Override
    public String getQueryString() {
      return parameters.entrySet().stream()
          .flatMap(e -> Arrays.stream(e.getValue()).map(v -> enc(e.getKey()) + "=" + enc(v)))
          .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String getParameter(String name) {
      String[] v = parameters.get(name);
      return v == null || v.length == 0 ? null : v[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      return parameters.get(name);
    }
  }
}
