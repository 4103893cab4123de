package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.floe.policy.governance.GovernanceValidator;
import dev.floe.policy.governance.Mask;
import dev.floe.policy.governance.TableSchema;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.exceptions.BadRequestException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A mask of the library and its parameters: {@code nullify}, {@code redact} (value, optional),
 * {@code hash}, {@code show_last} (characters), {@code email_domain}, {@code year_only}, {@code
 * round} (digits), {@code bucket} (width), {@code custom} (expression; on a column only).
 */
@Schema(name = "Mask")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaskModel(
    @Schema(required = true, description = "nullify, redact, hash, show_last, email_domain, year_only, round, bucket or custom (any case)")
        String function,
    @Schema(description = "show_last: how many characters stay visible (1 to 1000)") Integer characters,
    @Schema(description = "redact: the replacement value as text (default: the type's default)") String value,
    @Schema(description = "round: decimal places, -38 to 38") Integer digits,
    @Schema(description = "bucket: the bucket width, positive") BigDecimal width,
    @Schema(description = "custom: a Trino SQL expression over the table's columns") String expression) {

  /**
   * The mask; {@code schema} is the table's current schema for a mask on a column (a custom
   * expression is checked against it), empty for a mask on a tag.
   */
  public Mask toMask(Optional<TableSchema> schema) {
    String name = RequestFields.required(function, "function", "mask").toUpperCase(Locale.ROOT).replace('-', '_');
    Mask mask =
        switch (name) {
          case "NULLIFY" -> new Mask.Nullify();
          case "REDACT" -> new Mask.Redact(Optional.ofNullable(value));
          case "HASH" -> new Mask.Hash();
          case "SHOW_LAST" -> new Mask.ShowLast(required(characters, "characters", name));
          case "EMAIL_DOMAIN" -> new Mask.EmailDomain();
          case "YEAR_ONLY" -> new Mask.YearOnly();
          case "ROUND" -> new Mask.Round(required(digits, "digits", name));
          case "BUCKET" -> new Mask.Bucket(required(width, "width", name));
          case "CUSTOM" -> {
            String sql = required(expression, "expression", name);
            yield GovernanceValidator.compileCustomMask(
                sql, schema.orElseThrow(() -> new BadRequestException("Invalid mask: a custom mask names columns of one table: put it on a column, not on a tag")));
          }
          default ->
              throw new BadRequestException(
                  "Invalid mask: unknown function %s; known: nullify, redact, hash, show_last, email_domain, year_only, round, bucket, custom", function);
        };
    checkNoExtraParameters(name);
    return mask;
  }

  /** The model of a stored mask; {@code customExpression} is a custom mask's rendered expression. */
  public static MaskModel of(Mask mask, Optional<String> customExpression) {
    String function = mask.function().toLowerCase(Locale.ROOT);
    return switch (mask) {
      case Mask.Redact redact -> new MaskModel(function, null, redact.value().orElse(null), null, null, null);
      case Mask.ShowLast showLast -> new MaskModel(function, showLast.characters(), null, null, null, null);
      case Mask.Round round -> new MaskModel(function, null, null, round.digits(), null, null);
      case Mask.Bucket bucket -> new MaskModel(function, null, null, null, bucket.width(), null);
      case Mask.Custom custom -> new MaskModel(function, null, null, null, null, customExpression.orElse(custom.expression().storedForm()));
      case Mask.Nullify nullify -> new MaskModel(function, null, null, null, null, null);
      case Mask.Hash hash -> new MaskModel(function, null, null, null, null, null);
      case Mask.EmailDomain emailDomain -> new MaskModel(function, null, null, null, null, null);
      case Mask.YearOnly yearOnly -> new MaskModel(function, null, null, null, null, null);
    };
  }

  private void checkNoExtraParameters(String name) {
    check(characters, "characters", name, "SHOW_LAST");
    check(value, "value", name, "REDACT");
    check(digits, "digits", name, "ROUND");
    check(width, "width", name, "BUCKET");
    check(expression, "expression", name, "CUSTOM");
  }

  private static void check(Object parameter, String field, String function, String owner) {
    if (parameter != null && !function.equals(owner)) {
      throw new BadRequestException("Invalid mask: %s takes no parameter %s", function.toLowerCase(Locale.ROOT), field);
    }
  }

  private static <T> T required(T value, String field, String function) {
    if (value == null) {
      throw new BadRequestException("Invalid mask: %s needs %s", function.toLowerCase(Locale.ROOT), field);
    }
    return value;
  }
}
