package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.PolicyValidationException.Problem;
import dev.floe.policy.governance.sql.PolicyExpression;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a column mask does, from Floe's mask library or a custom expression. {@code
 * dev.floe.policy.governance.sql.MaskRenderer} renders each as Trino SQL for a column's type and
 * lists which types each serves.
 */
public sealed interface Mask
    permits Mask.Nullify,
        Mask.Redact,
        Mask.Hash,
        Mask.ShowLast,
        Mask.EmailDomain,
        Mask.YearOnly,
        Mask.Round,
        Mask.Bucket,
        Mask.Custom {

  /** The mask's name in the policy API ({@code NULLIFY}, {@code SHOW_LAST}, …). */
  String function();

  /** Every value becomes NULL. */
  record Nullify() implements Mask {
    @Override
    public String function() {
      return "NULLIFY";
    }
  }

  /**
   * Every value, NULL included (so a redacted column does not reveal which rows had none), becomes one
   * fixed value of the column's type.
   *
   * @param value the replacement as text ({@code ****}, {@code 0}, {@code 1970-01-01}, hex for
   *     binary); empty for the type's default
   */
  record Redact(Optional<String> value) implements Mask {
    public Redact {
      requireNonNull(value, "value is null");
    }

    @Override
    public String function() {
      return "REDACT";
    }
  }

  /** A salted SHA-256 of the value (the salt is a secret of the catalog), keeping joins possible. */
  record Hash() implements Mask {
    @Override
    public String function() {
      return "HASH";
    }
  }

  /**
   * Every character but the last {@code characters} becomes {@code *}; a value no longer than
   * that is masked whole.
   */
  record ShowLast(int characters) implements Mask {
    public ShowLast {
      if (characters < 1 || characters > 1000) {
        throw new PolicyValidationException(
            Problem.INVALID_MASK_PARAMETER,
            "SHOW_LAST keeps 1 to 1000 characters, got " + characters);
      }
    }

    @Override
    public String function() {
      return "SHOW_LAST";
    }
  }

  /** An e-mail address keeps only its domain: {@code *****@example.com}. */
  record EmailDomain() implements Mask {
    @Override
    public String function() {
      return "EMAIL_DOMAIN";
    }
  }

  /** A date or timestamp keeps only its year (truncated to January 1st, midnight). */
  record YearOnly() implements Mask {
    @Override
    public String function() {
      return "YEAR_ONLY";
    }
  }

  /**
   * A number rounded to {@code digits} decimal places; negative digits round to tens, hundreds, …
   */
  record Round(int digits) implements Mask {
    public Round {
      if (digits < -38 || digits > 38) {
        throw new PolicyValidationException(
            Problem.INVALID_MASK_PARAMETER, "ROUND takes -38 to 38 digits, got " + digits);
      }
    }

    @Override
    public String function() {
      return "ROUND";
    }
  }

  /** A number replaced by the lower bound of its bucket of this width (rounded towards zero). */
  record Bucket(BigDecimal width) implements Mask {
    public Bucket {
      requireNonNull(width, "width is null");
      if (width.signum() <= 0) {
        throw new PolicyValidationException(
            Problem.INVALID_MASK_PARAMETER, "BUCKET needs a positive width, got " + width);
      }
    }

    @Override
    public String function() {
      return "BUCKET";
    }
  }

  /**
   * A custom Trino SQL expression over the table's columns (validated and stored by field id); its
   * result is cast to the column's type. Only for a mask on a column, not on a tag.
   */
  record Custom(PolicyExpression expression) implements Mask {
    public Custom {
      requireNonNull(expression, "expression is null");
    }

    @Override
    public String function() {
      return "CUSTOM";
    }
  }
}
