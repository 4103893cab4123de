package dev.floe.catalog.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.json.FloeJson;
import dev.floe.policy.governance.Audience;
import dev.floe.policy.governance.AudienceKind;
import dev.floe.policy.governance.AudienceRule;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.sql.ExpressionCompiler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored (JSONB) form of audiences and masks, as the governance tables keep them:
 *
 * <ul>
 *   <li>an audience: {@code [{"kind": "PRINCIPAL_ROLE", "name": "analysts", "exempt": false}]};
 *   <li>a mask: {@code {"function": "SHOW_LAST", "characters": 4}}; parameters {@code value}
 *       (REDACT, optional), {@code characters} (SHOW_LAST), {@code digits} (ROUND), {@code width}
 *       (BUCKET, a decimal string), {@code expression} (CUSTOM, the expression's stored form with
 *       columns by field id).
 * </ul>
 */
public final class GovernanceCodec {
  private static final ObjectMapper JSON = FloeJson.mapper();

  private GovernanceCodec() {}

  public static String audienceJson(Audience audience) {
    ArrayNode rules = JSON.createArrayNode();
    for (AudienceRule rule : audience.rules()) {
      ObjectNode node = rules.addObject();
      node.put("kind", rule.kind().name());
      node.put("name", rule.name());
      node.put("exempt", rule.exempt());
    }
    return rules.toString();
  }

  public static Audience audience(String json) {
    List<AudienceRule> rules = new ArrayList<>();
    for (JsonNode node : read(json)) {
      rules.add(new AudienceRule(AudienceKind.valueOf(node.path("kind").asText()), node.path("name").asText(), node.path("exempt").asBoolean()));
    }
    return new Audience(rules);
  }

  public static String maskJson(Mask mask) {
    ObjectNode node = JSON.createObjectNode();
    node.put("function", mask.function());
    switch (mask) {
      case Mask.Nullify nullify -> {}
      case Mask.Redact redact -> redact.value().ifPresent(value -> node.put("value", value));
      case Mask.Hash hash -> {}
      case Mask.ShowLast showLast -> node.put("characters", showLast.characters());
      case Mask.EmailDomain emailDomain -> {}
      case Mask.YearOnly yearOnly -> {}
      case Mask.Round round -> node.put("digits", round.digits());
      case Mask.Bucket bucket -> node.put("width", bucket.width().toPlainString());
      case Mask.Custom custom -> node.put("expression", custom.expression().storedForm());
    }
    return node.toString();
  }

  public static Mask mask(String json) {
    JsonNode node = read(json);
    String function = node.path("function").asText();
    return switch (function) {
      case "NULLIFY" -> new Mask.Nullify();
      case "REDACT" -> new Mask.Redact(node.hasNonNull("value") ? Optional.of(node.get("value").asText()) : Optional.empty());
      case "HASH" -> new Mask.Hash();
      case "SHOW_LAST" -> new Mask.ShowLast(node.path("characters").asInt());
      case "EMAIL_DOMAIN" -> new Mask.EmailDomain();
      case "YEAR_ONLY" -> new Mask.YearOnly();
      case "ROUND" -> new Mask.Round(node.path("digits").asInt());
      case "BUCKET" -> new Mask.Bucket(new BigDecimal(node.path("width").asText()));
      case "CUSTOM" -> new Mask.Custom(ExpressionCompiler.fromStoredForm(node.path("expression").asText()));
      default -> throw new IllegalStateException("Unknown stored mask function " + function);
    };
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable stored governance JSON: " + e.getOriginalMessage(), e);
    }
  }
}
