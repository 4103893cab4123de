package dev.floe.policy.contracts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a schema change against the rules of the contracts that apply to a table (its own and
 * those of its namespace and the namespace's ancestors). Columns are matched by field id: a
 * rename is the same field id with a new name, a drop is a field id that is gone.
 */
public final class ContractChecker {
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");
  /** Name parts that suggest personal data (a name is split at '_', '-', '.', digits and case changes). */
  private static final Set<String> PII_NAME_PARTS =
      Set.of(
          "email", "mail", "phone", "mobile", "telephone", "ssn", "iban", "card", "pan", "birth", "birthday", "dob",
          "address", "street", "zip", "postcode", "postal", "surname", "firstname", "lastname", "fullname",
          "passport", "ip");
  private static final Set<String> PERSON_NAME_QUALIFIERS =
      Set.of("first", "last", "full", "given", "family", "middle", "maiden", "person", "customer", "user", "contact");
  private static final Pattern PII_DOC =
      Pattern.compile(
          "\\b(e-?mail|phone|telephone|social security|ssn|iban|credit card|payment card|date of birth|birth ?date|"
              + "postal address|home address|street address|passport|personal data|person'?s name|full name)\\b",
          Pattern.CASE_INSENSITIVE);

  private ContractChecker() {}

  /**
   * The violations of the change from {@code oldSchema} to {@code newSchema}, in the order the
   * rules are listed, without duplicates.
   *
   * @param tagsOfColumnByFieldId the tags each column of the new schema carries (its own and
   *     those it inherits), by field id
   */
  public static List<ContractViolation> check(
      ContractSchema oldSchema,
      ContractSchema newSchema,
      List<ContractRules> rules,
      Map<Integer, Set<String>> tagsOfColumnByFieldId) {
    Set<ContractViolation> violations = new LinkedHashSet<>();
    for (ContractRules contract : rules) {
      requiredColumns(oldSchema, newSchema, contract, violations);
      typesOnlyWiden(oldSchema, newSchema, contract, violations);
      columnNamePattern(oldSchema, newSchema, contract, violations);
      noBreakingChange(oldSchema, newSchema, contract, violations);
      piiColumnsTagged(oldSchema, newSchema, contract, tagsOfColumnByFieldId, violations);
    }
    return new ArrayList<>(violations);
  }

  private static void requiredColumns(
      ContractSchema oldSchema, ContractSchema newSchema, ContractRules rules, Set<ContractViolation> violations) {
    for (String required : rules.requiredColumns().stream().sorted().toList()) {
      Optional<ContractColumn> before = oldSchema.byName(required);
      if (before.isEmpty()) {
        continue; // not a column of this table: nothing to keep
      }
      Optional<ContractColumn> after = newSchema.byFieldId(before.get().fieldId());
      if (after.isEmpty()) {
        violations.add(new ContractViolation(ContractRules.REQUIRED_COLUMNS, required, "the change drops a required column",
            "keep the column, or remove it from the contract's " + ContractRules.REQUIRED_COLUMNS + " first"));
      } else if (!after.get().name().equals(required)) {
        violations.add(new ContractViolation(ContractRules.REQUIRED_COLUMNS, required,
            "the change renames a required column to '" + after.get().name() + "'",
            "keep the name, or change the contract's " + ContractRules.REQUIRED_COLUMNS + " first"));
      }
    }
  }

  private static void typesOnlyWiden(
      ContractSchema oldSchema, ContractSchema newSchema, ContractRules rules, Set<ContractViolation> violations) {
    if (!rules.typesOnlyWiden()) {
      return;
    }
    for (ContractColumn before : oldSchema.columns()) {
      Optional<ContractColumn> after = newSchema.byFieldId(before.fieldId());
      if (after.isEmpty() || after.get().type().equals(before.type())) {
        continue;
      }
      if (before.nestedType() && after.get().nestedType() && kind(before.type()).equals(kind(after.get().type()))) {
        continue; // a struct, list or map stays one: its fields are checked on their own
      }
      if (!before.nestedType() && !after.get().nestedType() && isPromotionAllowed(before.type(), after.get().type())) {
        continue;
      }
      violations.add(new ContractViolation(ContractRules.TYPES_ONLY_WIDEN, after.get().name(),
          "the change turns type " + before.type() + " into " + after.get().type() + ", which is not a widening",
          "only widen (int to long, float to double, decimal(P, S) to decimal(P2, S) with P2 > P), or add a new column"));
    }
  }

  private static String kind(String type) {
    return type.substring(0, type.indexOf('<'));
  }

  /**
   * Iceberg's type promotions ({@code TypeUtil.isPromotionAllowed} of Iceberg 1.11): int to
   * long, float to double, decimal to a decimal of the same scale and a greater precision.
   */
  static boolean isPromotionAllowed(String from, String to) {
    if (from.equals(to)) {
      return true;
    }
    if (from.equals("int")) {
      return to.equals("long");
    }
    if (from.equals("float")) {
      return to.equals("double");
    }
    Matcher fromDecimal = DECIMAL.matcher(from);
    Matcher toDecimal = DECIMAL.matcher(to);
    if (fromDecimal.matches() && toDecimal.matches()) {
      return fromDecimal.group(2).equals(toDecimal.group(2))
          && Integer.parseInt(fromDecimal.group(1)) <= Integer.parseInt(toDecimal.group(1));
    }
    return false;
  }

  private static void columnNamePattern(
      ContractSchema oldSchema, ContractSchema newSchema, ContractRules rules, Set<ContractViolation> violations) {
    Optional<Pattern> pattern = rules.namePattern();
    if (pattern.isEmpty()) {
      return;
    }
    for (ContractColumn after : newSchema.columns()) {
      Optional<ContractColumn> before = oldSchema.byFieldId(after.fieldId());
      if (before.isPresent() && before.get().leafName().equals(after.leafName())) {
        continue; // existing names are not checked again
      }
      if (!pattern.get().matcher(after.leafName()).matches()) {
        violations.add(new ContractViolation(ContractRules.COLUMN_NAME_PATTERN, after.name(),
            "the name '" + after.leafName() + "' does not match " + pattern.get().pattern(),
            "choose a name that matches " + pattern.get().pattern()));
      }
    }
  }

  private static void noBreakingChange(
      ContractSchema oldSchema, ContractSchema newSchema, ContractRules rules, Set<ContractViolation> violations) {
    if (!rules.noBreakingChange()) {
      return;
    }
    String rule = ContractRules.NO_BREAKING_CHANGE;
    for (ContractColumn before : oldSchema.columns()) {
      Optional<ContractColumn> after = newSchema.byFieldId(before.fieldId());
      if (after.isEmpty()) {
        boolean parentDropped = before.parentFieldId().map(parent -> newSchema.byFieldId(parent).isEmpty()).orElse(false);
        if (!parentDropped) {
          violations.add(new ContractViolation(rule, before.name(), "the change drops the column",
              "keep the column (deprecate it in its doc), or lift the contract's " + rule + " rule for this change"));
        }
        continue;
      }
      if (!after.get().leafName().equals(before.leafName())) {
        violations.add(new ContractViolation(rule, before.name(), "the change renames the column to '" + after.get().name() + "'",
            "keep the name and add a new column, or lift the contract's " + rule + " rule for this change"));
      }
      if (!before.required() && after.get().required()) {
        violations.add(new ContractViolation(rule, after.get().name(), "the change makes an optional column required",
            "keep the column optional"));
      }
    }
    for (ContractColumn after : newSchema.columns()) {
      if (after.required() && oldSchema.byFieldId(after.fieldId()).isEmpty()) {
        boolean parentNew = after.parentFieldId().map(parent -> oldSchema.byFieldId(parent).isEmpty()).orElse(false);
        if (!parentNew) {
          violations.add(new ContractViolation(rule, after.name(), "the change adds a required column, which existing writers do not fill",
              "add the column as optional"));
        }
      }
    }
  }

  private static void piiColumnsTagged(
      ContractSchema oldSchema,
      ContractSchema newSchema,
      ContractRules rules,
      Map<Integer, Set<String>> tagsOfColumnByFieldId,
      Set<ContractViolation> violations) {
    if (!rules.piiColumnsTagged()) {
      return;
    }
    for (ContractColumn after : newSchema.columns()) {
      if (oldSchema.byFieldId(after.fieldId()).isPresent() || rules.notPii().contains(after.name()) || !looksLikePii(after)) {
        continue;
      }
      Set<String> tags = tagsOfColumnByFieldId.getOrDefault(after.fieldId(), Set.of());
      if (tags.stream().noneMatch(tag -> tag.equals("pii") || tag.startsWith("pii."))) {
        violations.add(new ContractViolation(ContractRules.PII_COLUMNS_TAGGED, after.name(),
            "the new column looks like personal data (by its name or doc) and carries no pii tag",
            "if it is not personal data, add '" + after.name() + "' to the contract's " + ContractRules.NOT_PII
                + " list; if it is, tag the table (or its namespace) with a pii.* tag before adding it, or add it to "
                + ContractRules.NOT_PII + ", commit, tag the column and take it out of " + ContractRules.NOT_PII + " again"));
      }
    }
  }

  /** Whether a column's name or doc suggests personal data (a heuristic: names are weak evidence). */
  public static boolean looksLikePii(ContractColumn column) {
    List<String> parts = nameParts(column.leafName());
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (PII_NAME_PARTS.contains(part)) {
        return true;
      }
      if (part.equals("name") && (parts.size() == 1 || (i > 0 && PERSON_NAME_QUALIFIERS.contains(parts.get(i - 1))))) {
        return true;
      }
    }
    return column.doc().map(doc -> PII_DOC.matcher(doc).find()).orElse(false);
  }

  static List<String> nameParts(String name) {
    String spaced = name.replaceAll("([a-z])([A-Z])", "$1 $2").replaceAll("[^A-Za-z]+", " ");
    List<String> parts = new ArrayList<>();
    for (String part : spaced.trim().split(" +")) {
      if (!part.isEmpty()) {
        parts.add(part.toLowerCase(Locale.ROOT));
      }
    }
    return parts;
  }
}
