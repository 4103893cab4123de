package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.Decision;
import dev.floe.policy.Securable;
import dev.floe.policy.governance.RestrictionSource.ExtraMask;
import dev.floe.policy.governance.RestrictionSource.Restrictions;
import dev.floe.policy.governance.api.AppliedPolicy;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.ColumnMask;
import dev.floe.policy.governance.api.ColumnRequest;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.PolicyEffect;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import dev.floe.policy.governance.sql.MaskRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one case table of the restriction contract: identity, tables, tags and Floe's policies in,
 * the expected answer out, with OPA adding nothing ({@link Settings#NONE}) or running the bundle's
 * sample rules ({@link Settings#SAMPLES}, {@code floe/rego/restrictions.rego}). {@code
 * TestRestrictionContract} runs it against the built-in evaluation (and a Java twin of the sample
 * rules), {@code ITOpaRestrictionsContract} against a real OPA.
 *
 * <pre>
 * catalog lake
 *   sales.orders       order_id long, region string, amount decimal(10,2),
 *                      phone string [pii.phone], email string [pii.email]
 *   crm (tagged confidential)
 *     customers        id long, Region string, phone long [pii.phone.mobile], name string
 *   sales.products     sku string, price double (no tags, no region)
 *   hr.salaries        employee long, region string (select only for role stewards)
 *
 * policies
 *   1   row filter on orders: amount >= 0, everyone
 *   10  mask on tag pii.email: EMAIL_DOMAIN, everyone except role stewards
 *   11  mask on tag pii.phone: NULLIFY, role contractors, exempt role stewards
 *   12  mask on customers.name: REDACT, everyone except group support
 * </pre>
 */
public final class RestrictionCases {
  public static final String CATALOG = "lake";
  public static final String SALT = "pepper";
  public static final Duration TTL = Duration.ofSeconds(30);

  static final Securable ORDERS = Securable.table(CATALOG, List.of("sales"), "orders");
  static final Securable CUSTOMERS = Securable.table(CATALOG, List.of("crm"), "customers");
  static final Securable PRODUCTS = Securable.table(CATALOG, List.of("sales"), "products");
  static final Securable SALARIES = Securable.table(CATALOG, List.of("hr"), "salaries");

  static final TableSchema ORDERS_SCHEMA =
      TableSchema.of(
          new SchemaColumn(1, "order_id", "long"),
          new SchemaColumn(2, "region", "string"),
          new SchemaColumn(3, "amount", "decimal(10,2)"),
          new SchemaColumn(4, "phone", "string"),
          new SchemaColumn(5, "email", "string"));
  static final TableSchema CUSTOMERS_SCHEMA =
      TableSchema.of(
          new SchemaColumn(1, "id", "long"),
          new SchemaColumn(2, "Region", "string"),
          new SchemaColumn(3, "phone", "long"),
          new SchemaColumn(4, "name", "string"));
  static final TableSchema PRODUCTS_SCHEMA =
      TableSchema.of(new SchemaColumn(1, "sku", "string"), new SchemaColumn(2, "price", "double"));
  static final TableSchema SALARIES_SCHEMA =
      TableSchema.of(new SchemaColumn(1, "employee", "long"), new SchemaColumn(2, "region", "string"));
  static final Map<Securable, TableSchema> SCHEMAS =
      Map.of(ORDERS, ORDERS_SCHEMA, CUSTOMERS, CUSTOMERS_SCHEMA, PRODUCTS, PRODUCTS_SCHEMA, SALARIES, SALARIES_SCHEMA);

  static final CallerIdentity EVA = new CallerIdentity("eva", Set.of("eu"), Set.of("analysts"));
  static final CallerIdentity UMA = new CallerIdentity("uma", Set.of("us"), Set.of("analysts"));
  static final CallerIdentity SAM = new CallerIdentity("sam", Set.of("support"), Set.of("analysts"));
  static final CallerIdentity CODY = new CallerIdentity("cody", Set.of("eu"), Set.of("contractors"));
  static final CallerIdentity STU = new CallerIdentity("stu", Set.of(), Set.of("stewards"));

  static final RowFilterPolicy POSITIVE_AMOUNT =
      new RowFilterPolicy(
          1, 1, ORDERS, GovernanceValidator.compileRowFilter("amount >= 0", ORDERS_SCHEMA), Audience.everyone());
  static final ColumnMaskPolicy EMAIL_MASK =
      new ColumnMaskPolicy(
          10,
          2,
          new MaskTarget.Tag("pii.email"),
          new Mask.EmailDomain(),
          Audience.of(
              AudienceRule.appliesToEveryone(), AudienceRule.exempts(AudienceKind.PRINCIPAL_ROLE, "stewards")));
  static final ColumnMaskPolicy PHONE_MASK =
      new ColumnMaskPolicy(
          11,
          1,
          new MaskTarget.Tag("pii.phone"),
          new Mask.Nullify(),
          Audience.of(
              AudienceRule.appliesTo(AudienceKind.PRINCIPAL_ROLE, "contractors"),
              AudienceRule.exempts(AudienceKind.PRINCIPAL_ROLE, "stewards")));
  static final ColumnMaskPolicy NAME_MASK =
      new ColumnMaskPolicy(
          12,
          3,
          new MaskTarget.Column(CUSTOMERS, 4),
          new Mask.Redact(Optional.empty()),
          Audience.of(AudienceRule.appliesToEveryone(), AudienceRule.exempts(AudienceKind.GROUP, "support")));

  public static final GovernanceState STATE =
      new GovernanceState(
          5,
          DefaultTags.pii(Set.of("stewards")),
          List.of(
              TagAssignment.onColumn(1, 1, "pii.phone", ORDERS, 4),
              TagAssignment.onColumn(2, 1, "pii.email", ORDERS, 5),
              TagAssignment.onSecurable(3, 1, "confidential", Securable.namespace(CATALOG, "crm")),
              TagAssignment.onColumn(4, 1, "pii.phone.mobile", CUSTOMERS, 3)),
          List.of(POSITIVE_AMOUNT),
          List.of(EMAIL_MASK, PHONE_MASK, NAME_MASK));

  /** Select on hr.* only for stewards, on everything else for everyone. */
  public static TableAccess access(CallerIdentity caller) {
    return (table, tags) ->
        table.path().get(1).equals("hr") && !caller.principalRoles().contains("stewards")
            ? Decision.deny("only stewards read hr")
            : Decision.allow("test", List.of());
  }

  /**
   * The settings of the bundle's sample rules ({@code data.floe.settings}).
   *
   * @param regionByGroup {@code region_by_group}: group → region
   * @param phoneViewerGroups {@code phone_viewer_groups}; {@code null}: unset (no phone masking)
   */
  public record Settings(Map<String, String> regionByGroup, List<String> phoneViewerGroups) {
    /** No settings: the bundle adds no restriction. */
    public static final Settings NONE = new Settings(Map.of(), null);

    /** Region EU for group eu; phones visible to group support only. */
    public static final Settings SAMPLES = new Settings(Map.of("eu", "EU"), List.of("support"));

    public Settings {
      regionByGroup = Map.copyOf(regionByGroup);
      phoneViewerGroups = phoneViewerGroups == null ? null : List.copyOf(phoneViewerGroups);
    }

    /** The settings document, as JSON text. */
    public String toJson() {
      StringBuilder json = new StringBuilder("{\"region_by_group\": {");
      json.append(
          new TreeMap<>(regionByGroup)
              .entrySet().stream()
                  .map(entry -> quote(entry.getKey()) + ": " + quote(entry.getValue()))
                  .collect(Collectors.joining(", ")));
      json.append('}');
      if (phoneViewerGroups != null) {
        json.append(", \"phone_viewer_groups\": [")
            .append(phoneViewerGroups.stream().map(RestrictionCases::quote).collect(Collectors.joining(", ")))
            .append(']');
      }
      return json.append('}').toString();
    }
  }

  /**
   * One case.
   *
   * @param name what it shows
   * @param settings the settings of the sample rules
   * @param caller who asks
   * @param tables the tables and columns asked
   * @param expected the answer per table
   */
  public record Case(
      String name, Settings settings, CallerIdentity caller, List<TableRequest> tables, List<TableEvaluation> expected) {
    public Case {
      requireNonNull(name, "name is null");
      tables = List.copyOf(tables);
      expected = List.copyOf(expected);
    }

    public EvaluationRequest request() {
      return new EvaluationRequest(caller, CATALOG, tables);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final TableRequest ORDERS_ALL = asked(ORDERS, "order_id", "region", "phone", "email");
  private static final TableRequest ORDERS_EMAIL_PHONE = asked(ORDERS, "email", "phone");
  private static final TableRequest ORDERS_PHONE = asked(ORDERS, "phone");
  private static final TableRequest CUSTOMERS_ALL = asked(CUSTOMERS, "id", "phone", "name");
  private static final TableRequest CUSTOMERS_NAME = asked(CUSTOMERS, "name");
  private static final TableRequest CUSTOMERS_PHONE_NAME = asked(CUSTOMERS, "phone", "name");
  private static final TableRequest CUSTOMERS_ID_PHONE = asked(CUSTOMERS, "id", "phone");
  private static final TableRequest CUSTOMERS_PHONE = asked(CUSTOMERS, "phone");
  private static final TableRequest PRODUCTS_ALL = asked(PRODUCTS, "sku", "price");
  private static final TableRequest SALARIES_ALL = asked(SALARIES, "employee", "region");

  private static final String AMOUNT = "\"amount\" >= 0";
  private static final String AMOUNT_AND_EU = "(\"amount\" >= 0) AND (\"region\" IN ('EU'))";
  private static final String CUSTOMERS_EU = "\"Region\" IN ('EU')";
  private static final AppliedPolicy AMOUNT_APPLIED = new AppliedPolicy(1, 1, PolicyEffect.ROW_FILTER, null);
  private static final AppliedPolicy OPA_FILTER = new AppliedPolicy(0, 0, PolicyEffect.OPA_ROW_FILTER, null);

  /** Every case; cases with {@link Settings#NONE} are the "no extra restrictions" ones. */
  public static final List<Case> CASES =
      List.of(
          new Case(
              "an analyst reads orders: Floe's filter and email mask",
              Settings.NONE,
              EVA,
              List.of(ORDERS_ALL),
              List.of(
                  allowed(
                      ORDERS_ALL,
                      AMOUNT,
                      List.of(floeMask("email", 5, EMAIL_MASK, ORDERS_SCHEMA)),
                      AMOUNT_APPLIED,
                      applied(EMAIL_MASK, PolicyEffect.COLUMN_MASK, "email")))),
          new Case(
              "a steward is exempt from the email and phone masks",
              Settings.NONE,
              STU,
              List.of(ORDERS_EMAIL_PHONE),
              List.of(
                  allowed(
                      ORDERS_EMAIL_PHONE,
                      AMOUNT,
                      List.of(),
                      AMOUNT_APPLIED,
                      applied(EMAIL_MASK, PolicyEffect.MASK_EXEMPTION, "email"),
                      applied(PHONE_MASK, PolicyEffect.MASK_EXEMPTION, "phone")))),
          new Case(
              "a contractor gets Floe's phone and name masks",
              Settings.NONE,
              CODY,
              List.of(CUSTOMERS_ALL),
              List.of(
                  allowed(
                      CUSTOMERS_ALL,
                      null,
                      List.of(
                          floeMask("phone", 3, PHONE_MASK, CUSTOMERS_SCHEMA),
                          floeMask("name", 4, NAME_MASK, CUSTOMERS_SCHEMA)),
                      applied(PHONE_MASK, PolicyEffect.COLUMN_MASK, "phone"),
                      applied(NAME_MASK, PolicyEffect.COLUMN_MASK, "name")))),
          new Case(
              "support is exempt from the name mask",
              Settings.NONE,
              SAM,
              List.of(CUSTOMERS_NAME),
              List.of(allowed(CUSTOMERS_NAME, null, List.of(), applied(NAME_MASK, PolicyEffect.MASK_EXEMPTION, "name")))),
          new Case(
              "no select on hr for an analyst",
              Settings.NONE,
              EVA,
              List.of(SALARIES_ALL),
              List.of(denied(SALARIES_ALL, "access denied"))),
          new Case(
              "an untagged table without policies",
              Settings.NONE,
              EVA,
              List.of(PRODUCTS_ALL),
              List.of(allowed(PRODUCTS_ALL, null, List.of()))),
          new Case(
              "samples: OPA adds the region filter and masks an unmasked phone",
              Settings.SAMPLES,
              EVA,
              List.of(ORDERS_ALL),
              List.of(
                  allowed(
                      ORDERS_ALL,
                      AMOUNT_AND_EU,
                      List.of(
                          opaMask("phone", 4, showLast4("phone")),
                          floeMask("email", 5, EMAIL_MASK, ORDERS_SCHEMA)),
                      AMOUNT_APPLIED,
                      OPA_FILTER,
                      opaApplied("phone"),
                      applied(EMAIL_MASK, PolicyEffect.COLUMN_MASK, "email")))),
          new Case(
              "samples: a group without a region gets no filter, the phone mask still",
              Settings.SAMPLES,
              UMA,
              List.of(ORDERS_PHONE),
              List.of(allowed(ORDERS_PHONE, AMOUNT, List.of(opaMask("phone", 4, showLast4("phone"))), AMOUNT_APPLIED, opaApplied("phone")))),
          new Case(
              "samples: support sees phones and gets no region filter",
              Settings.SAMPLES,
              SAM,
              List.of(ORDERS_PHONE),
              List.of(allowed(ORDERS_PHONE, AMOUNT, List.of(), AMOUNT_APPLIED))),
          new Case(
              "samples: Floe's mask stays where OPA masks too; the filter matches Region without case",
              Settings.SAMPLES,
              CODY,
              List.of(CUSTOMERS_PHONE_NAME),
              List.of(
                  allowed(
                      CUSTOMERS_PHONE_NAME,
                      CUSTOMERS_EU,
                      List.of(
                          floeMask("phone", 3, PHONE_MASK, CUSTOMERS_SCHEMA),
                          floeMask("name", 4, NAME_MASK, CUSTOMERS_SCHEMA)),
                      OPA_FILTER,
                      applied(PHONE_MASK, PolicyEffect.COLUMN_MASK, "phone"),
                      applied(NAME_MASK, PolicyEffect.COLUMN_MASK, "name")))),
          new Case(
              "samples: OPA masks a column Floe exempts the caller from",
              Settings.SAMPLES,
              STU,
              List.of(ORDERS_EMAIL_PHONE),
              List.of(
                  allowed(
                      ORDERS_EMAIL_PHONE,
                      AMOUNT,
                      List.of(opaMask("phone", 4, showLast4("phone"))),
                      AMOUNT_APPLIED,
                      applied(EMAIL_MASK, PolicyEffect.MASK_EXEMPTION, "email"),
                      opaApplied("phone")))),
          new Case(
              "samples: a phone that is not a string is nullified",
              Settings.SAMPLES,
              UMA,
              List.of(CUSTOMERS_ID_PHONE),
              List.of(
                  allowed(
                      CUSTOMERS_ID_PHONE,
                      null,
                      List.of(opaMask("phone", 3, "CAST(NULL AS bigint)")),
                      opaApplied("phone")))),
          new Case(
              "samples: a table without a region column gets no filter",
              Settings.SAMPLES,
              EVA,
              List.of(PRODUCTS_ALL),
              List.of(allowed(PRODUCTS_ALL, null, List.of()))),
          new Case(
              "samples: several tables in one evaluation, one of them denied by Floe",
              Settings.SAMPLES,
              EVA,
              List.of(ORDERS_PHONE, CUSTOMERS_PHONE, SALARIES_ALL),
              List.of(
                  allowed(
                      ORDERS_PHONE,
                      AMOUNT_AND_EU,
                      List.of(opaMask("phone", 4, showLast4("phone"))),
                      AMOUNT_APPLIED,
                      OPA_FILTER,
                      opaApplied("phone")),
                  allowed(
                      CUSTOMERS_PHONE,
                      CUSTOMERS_EU,
                      List.of(opaMask("phone", 3, "CAST(NULL AS bigint)")),
                      OPA_FILTER,
                      opaApplied("phone")),
                  denied(SALARIES_ALL, "access denied"))));

  private RestrictionCases() {}

  /** Evaluates a case's request with a restriction source. */
  public static EvaluationResponse evaluate(Case testCase, RestrictionSource source) {
    return GovernanceEvaluator.evaluate(
        STATE, access(testCase.caller()), source, table -> Optional.ofNullable(SCHEMAS.get(table)), SALT, TTL, testCase.request());
  }

  /** The expected response of a case. */
  public static EvaluationResponse expected(Case testCase) {
    return new EvaluationResponse(testCase.expected(), STATE.version(), TTL.toSeconds());
  }

  /**
   * The bundle's sample rules ({@code restrictions.rego}) written in Java: what OPA must answer
   * with the same settings.
   */
  public static RestrictionSource javaTwin(Settings settings) {
    return (caller, catalog, tables) -> {
      List<String> regions =
          caller.groups().stream().map(settings.regionByGroup()::get).filter(region -> region != null).sorted().toList();
      boolean masksPhones =
          settings.phoneViewerGroups() != null
              && caller.groups().stream().noneMatch(settings.phoneViewerGroups()::contains);
      List<Restrictions> answer = new ArrayList<>();
      for (RestrictionSource.Table table : tables) {
        List<String> filters = new ArrayList<>();
        if (!regions.isEmpty()
            && table.schema().columns().stream().anyMatch(column -> column.name().equalsIgnoreCase("region"))) {
          filters.add(
              "region IN (" + regions.stream().map(region -> "'" + region.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")");
        }
        Map<Integer, ExtraMask> masks = new LinkedHashMap<>();
        if (masksPhones) {
          for (RestrictionSource.Column column : table.columns()) {
            if (column.tags().stream().anyMatch(tag -> tag.equals("pii.phone") || tag.startsWith("pii.phone."))) {
              masks.put(
                  column.column().fieldId(),
                  new ExtraMask.Library(column.column().type().equals("string") ? new Mask.ShowLast(4) : new Mask.Nullify()));
            }
          }
        }
        answer.add(new Restrictions(filters, masks));
      }
      return answer;
    };
  }

  private static TableRequest asked(Securable table, String... columns) {
    List<String> path = table.path();
    return new TableRequest(
        path.subList(1, path.size() - 1), path.get(path.size() - 1), Arrays.stream(columns).map(ColumnRequest::named).toList());
  }

  private static TableEvaluation allowed(
      TableRequest request, String rowFilter, List<ColumnMask> masks, AppliedPolicy... applied) {
    return new TableEvaluation(
        request.namespace(),
        request.name(),
        true,
        null,
        request.columns().stream().map(ColumnRequest::name).toList(),
        List.of(),
        rowFilter,
        masks,
        List.of(applied));
  }

  private static TableEvaluation denied(TableRequest request, String reason) {
    return TableEvaluation.denied(request.namespace(), request.name(), request.columns(), reason);
  }

  private static ColumnMask floeMask(String column, int fieldId, ColumnMaskPolicy policy, TableSchema schema) {
    SchemaColumn schemaColumn = schema.byFieldId(fieldId).orElseThrow();
    return new ColumnMask(
        column,
        fieldId,
        MaskRenderer.render(policy.mask(), schemaColumn.name(), IcebergType.parse(schemaColumn.type()), schema, SALT),
        policy.id(),
        policy.version());
  }

  private static ColumnMask opaMask(String column, int fieldId, String expression) {
    return new ColumnMask(column, fieldId, expression, 0, 0);
  }

  private static String showLast4(String column) {
    return "CAST(lpad(CASE WHEN length(\"%1$s\") > 4 THEN substr(\"%1$s\", -4) ELSE '' END, length(\"%1$s\"), '*') AS varchar)"
        .formatted(column);
  }

  private static AppliedPolicy applied(ColumnMaskPolicy policy, PolicyEffect effect, String column) {
    return new AppliedPolicy(policy.id(), policy.version(), effect, column);
  }

  private static AppliedPolicy opaApplied(String column) {
    return new AppliedPolicy(0, 0, PolicyEffect.OPA_COLUMN_MASK, column);
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
