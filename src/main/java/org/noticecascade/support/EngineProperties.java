package org.noticecascade.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the project tunes and guards the Camunda engine: {@code notice-cascade.engine.*}. Each switch restores the
 * engine's own behaviour when turned the other way, for comparison (docs/benchmarks.md).
 *
 * @param lazyIdCheck build the engine's "invalid id" message only for a bad id (support.EntityIdCheck)
 * @param authorizedGroupsLookup find a user's authorized groups by index (security.AuthorizedGroupsPlugin)
 * @param historyOfCopiedVariables also write history for the variables copied into every unit's instance
 *     (cascade.CopiedVariablesHistory)
 * @param maxTextLength the longest text a process variable may hold, the longest form field (form.LongTextVariables)
 */
@ConfigurationProperties("notice-cascade.engine")
public record EngineProperties(@DefaultValue("true") boolean lazyIdCheck,
                               @DefaultValue("true") boolean authorizedGroupsLookup,
                               @DefaultValue("false") boolean historyOfCopiedVariables,
                               @DefaultValue("20000") int maxTextLength) {
}
