package dev.floe.catalog.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.governance.GovernanceEvaluation.Restricted;
import dev.floe.policy.governance.ColumnMaskPolicy;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.sql.IcebergFilter;
import dev.floe.policy.governance.sql.IcebergFilterTranslator;
import dev.floe.policy.governance.sql.IcebergFilterTranslator.UntranslatableFilterException;
import dev.floe.policy.governance.api.ColumnMask;
import dev.floe.policy.governance.api.HiddenColumn;
import dev.floe.policy.governance.api.TableEvaluation;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.jboss.logging.Logger;

/**
 * The {@code read-restrictions} object of a loadTable answer (Iceberg REST spec, apache/iceberg
 * PR #13879): what a client that reads the table's files itself must apply for the authenticated
 * caller. Iceberg 1.11.0's {@code LoadTableResponse} has no such field, so Floe writes the spec's
 * JSON itself, next to Iceberg's own serialization:
 *
 * <pre>{@code
 * "read-restrictions": {
 *   "required-column-projections": [{"field-id": 4, "action": "show-last-4"}, ...],
 *   "required-row-filter": <Iceberg expression JSON, ExpressionParser>
 * }
 * }</pre>
 *
 * Floe's masks become the spec's actions where one means the same or hides more: NULLIFY →
 * {@code replace-with-null}, REDACT without a value → {@code mask-to-fixed-value}, SHOW_LAST 4 →
 * {@code show-last-4}, YEAR_ONLY → {@code truncate-to-year}, HASH of a string → {@code
 * sha-256-query-local}. Any other mask, and a column the evaluation hides, becomes {@code
 * replace-with-null} on an optional column. A row filter is translated by {@link
 * IcebergFilterTranslator} and bound to the schema. What cannot be expressed (a filter that does
 * not translate, a mask on a required column without an equivalent action, a table the caller may
 * not read) makes the table fully restricted for that caller: {@code "required-row-filter": false},
 * no row is readable; never unrestricted.
 */
public final class ReadRestrictions {
  private static final Logger LOG = Logger.getLogger(ReadRestrictions.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The field name in the loadTable answer. */
  public static final String FIELD = "read-restrictions";

  private ReadRestrictions() {}

  /** The read restrictions of a restricted caller, for the table's current Iceberg schema. */
  public static ObjectNode toJson(Restricted restricted, Schema schema) {
    TableEvaluation evaluation = restricted.evaluation();
    String table = evaluation.name();
    if (!evaluation.selectAllowed()) {
      return fullyRestricted(table, evaluation.reason());
    }
    ObjectNode restrictions = JsonNodeFactory.instance.objectNode();
    ArrayNode projections = JsonNodeFactory.instance.arrayNode();
    for (ColumnMask mask : evaluation.masks()) {
      Types.NestedField field = schema.findField(mask.fieldId());
      Optional<String> action = maskPolicy(restricted, mask.policyId()).flatMap(policy -> action(policy.mask(), field));
      if (action.isEmpty() && (field == null || field.isRequired())) {
        return fullyRestricted(table, "mask policy " + mask.policyId() + " has no read-restriction action for column " + mask.column());
      }
      projections.add(projection(field.fieldId(), action.orElse("replace-with-null")));
    }
    for (HiddenColumn hidden : evaluation.hiddenColumns()) {
      Types.NestedField field = schema.caseInsensitiveFindField(hidden.column());
      if (field == null || field.isRequired()) {
        return fullyRestricted(table, "column " + hidden.column() + " is hidden: " + hidden.reason());
      }
      projections.add(projection(field.fieldId(), "replace-with-null"));
    }
    if (!projections.isEmpty()) {
      restrictions.set("required-column-projections", projections);
    }
    if (evaluation.rowFilter() != null) {
      Expression filter;
      try {
        IcebergFilter translated =
            IcebergFilterTranslator.translate(evaluation.rowFilter(), IcebergSchemas.toTableSchema(schema), restricted.user());
        filter = IcebergExpressions.toExpression(translated);
        Binder.bind(schema.asStruct(), filter, true);
      } catch (UntranslatableFilterException | ValidationException | IllegalArgumentException e) {
        return fullyRestricted(table, "row filter has no Iceberg expression: " + e.getMessage());
      }
      restrictions.set("required-row-filter", expressionJson(filter));
    }
    return restrictions;
  }

  /** The restrictions when the caller's restrictions could not be evaluated: no row readable. */
  public static ObjectNode unreadable(String table, RuntimeException cause) {
    LOG.errorf(cause, "Cannot evaluate the read restrictions of %s: no rows readable (fail closed)", table);
    return fullyRestricted(table, "governance could not be evaluated");
  }

  /** No row readable. */
  private static ObjectNode fullyRestricted(String table, String reason) {
    LOG.infof("Read restrictions of table %s: no rows (fail closed): %s", table, reason);
    ObjectNode restrictions = JsonNodeFactory.instance.objectNode();
    restrictions.put("required-row-filter", false);
    return restrictions;
  }

  private static ObjectNode projection(int fieldId, String action) {
    ObjectNode projection = JsonNodeFactory.instance.objectNode();
    projection.put("field-id", fieldId);
    projection.put("action", action);
    return projection;
  }

  private static Optional<ColumnMaskPolicy> maskPolicy(Restricted restricted, long policyId) {
    return restricted.state().columnMasks().stream().filter(policy -> policy.id() == policyId).findFirst();
  }

  /** The spec's action for a mask on a column, when one means the same or hides more. */
  static Optional<String> action(Mask mask, Types.NestedField field) {
    if (field == null) {
      return Optional.empty();
    }
    Type.TypeID type = field.type().typeId();
    return switch (mask) {
      case Mask.Nullify nullify -> field.isOptional() ? Optional.of("replace-with-null") : Optional.empty();
      case Mask.Redact redact -> redact.value().isEmpty() ? Optional.of("mask-to-fixed-value") : Optional.empty();
      case Mask.ShowLast showLast ->
          showLast.characters() == 4 && type == Type.TypeID.STRING ? Optional.of("show-last-4") : Optional.empty();
      case Mask.YearOnly yearOnly -> Optional.of("truncate-to-year");
      case Mask.Hash hash -> type == Type.TypeID.STRING ? Optional.of("sha-256-query-local") : Optional.empty();
      case Mask.EmailDomain emailDomain -> Optional.empty();
      case Mask.Round round -> Optional.empty();
      case Mask.Bucket bucket -> Optional.empty();
      case Mask.Custom custom -> Optional.empty();
    };
  }

  private static com.fasterxml.jackson.databind.JsonNode expressionJson(Expression filter) {
    try {
      return MAPPER.readTree(ExpressionParser.toJson(filter));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Iceberg wrote an expression that is not JSON", e);
    }
  }
}
