package org.noticecascade.security;

/**
 * A process every logged-in user may start (each start then checks who may do what, as the notice's registration
 * checks that the issuer is the user's own unit). The process's own package declares it as a bean, so security
 * grants it without knowing the domain.
 */
public interface StartableByEveryone {

  String processDefinitionKey();
}
