package dev.floe.catalog.governance;

import dev.floe.catalog.governance.EvaluationIdentities.Evaluated;
import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.HiddenColumn;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The evaluation of a view: readable when the identity may load it ({@code LOAD_VIEW}); then every
 * asked column of its current schema is visible and nothing is filtered or masked, because an
 * engine reads a view by reading its tables, which it checks, filters and masks itself (as the
 * reader for a {@code SECURITY INVOKER} view, as the view's owner for a definer's view). Row
 * filters and masks are defined on tables only.
 */
final class ViewAnswers {
  private static final Logger LOG = Logger.getLogger(ViewAnswers.class);

  private ViewAnswers() {}

  static TableEvaluation answer(
      Authorizer authorizer, Evaluated who, String catalog, TableRequest request, TableSchema schema, GovernanceState state) {
    Securable view = Securable.view(catalog, request.namespace(), request.name());
    Decision decision;
    try {
      decision = authorizer.decide(who.context(), Operation.LOAD_VIEW, List.of(Target.of(view).withTags(state.effectiveTags(view))));
    } catch (RuntimeException e) {
      LOG.warnf(e, "Deciding LOAD_VIEW on %s failed: denying (fail closed)", view);
      return TableEvaluation.denied(request.namespace(), request.name(), request.columns(), "access denied");
    }
    if (!decision.allowed()) {
      return TableEvaluation.denied(request.namespace(), request.name(), request.columns(), "access denied");
    }
    List<String> visible = new ArrayList<>();
    List<HiddenColumn> hidden = new ArrayList<>();
    if (request.allColumns()) {
      schema.columns().forEach(column -> visible.add(column.name()));
    } else {
      for (ColumnRequest asked : request.columns()) {
        List<SchemaColumn> matches = schema.byNameIgnoringCase(asked.name());
        if (matches.size() == 1) {
          visible.add(asked.name());
        } else {
          hidden.add(new HiddenColumn(asked.name(), "not in the view's current schema"));
        }
      }
    }
    return new TableEvaluation(request.namespace(), request.name(), true, null, visible, hidden, null, List.of(), List.of());
  }
}
