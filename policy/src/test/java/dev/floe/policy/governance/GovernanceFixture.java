package dev.floe.policy.governance;

import dev.floe.policy.Securable;
import dev.floe.policy.governance.api.CallerIdentity;
import java.util.List;
import java.util.Set;

/**
 * Shared data of the governance tests.
 *
 * <pre>
 * catalog lake
 *   crm                 (namespace tagged confidential)
 *     customers         (table)  id long, email string, phone string, name string, birth date,
 *                                card string, score int, notes string, address struct
 * </pre>
 */
final class GovernanceFixture {
  static final Securable CUSTOMERS = Securable.table("lake", List.of("crm"), "customers");
  static final Securable CRM = Securable.namespace("lake", "crm");

  static final int ID = 1;
  static final int EMAIL = 2;
  static final int PHONE = 3;
  static final int NAME = 4;
  static final int BIRTH = 5;
  static final int CARD = 6;
  static final int SCORE = 7;
  static final int NOTES = 8;
  static final int ADDRESS = 9;

  static final TableSchema SCHEMA =
      TableSchema.of(
          new SchemaColumn(ID, "id", "long"),
          new SchemaColumn(EMAIL, "email", "string"),
          new SchemaColumn(PHONE, "phone", "string"),
          new SchemaColumn(NAME, "name", "string"),
          new SchemaColumn(BIRTH, "birth", "date"),
          new SchemaColumn(CARD, "card", "string"),
          new SchemaColumn(SCORE, "score", "int"),
          new SchemaColumn(NOTES, "notes", "string"),
          new SchemaColumn(ADDRESS, "address", "struct<10: city: string>"));

  static final CallerIdentity ANALYST = caller("ana", Set.of("analytics"), Set.of("analysts"));
  static final CallerIdentity STEWARD = caller("stu", Set.of(), Set.of("analysts", "stewards"));
  static final CallerIdentity SUPPORT = caller("sam", Set.of("support_eu"), Set.of("support"));
  static final CallerIdentity AUDITOR = caller("audrey", Set.of(), Set.of("auditors"));

  static final List<TagDefinition> TAGS =
      java.util.stream.Stream.concat(
              DefaultTags.pii(Set.of("stewards")).stream(),
              java.util.stream.Stream.of(
                  new TagDefinition("confidential", "Business confidential", Set.of("stewards"), 1)))
          .toList();

  private GovernanceFixture() {}

  static CallerIdentity caller(String user, Set<String> groups, Set<String> roles) {
    return new CallerIdentity(user, groups, roles);
  }

  static TagAssignment columnTag(long id, String tag, int fieldId) {
    return TagAssignment.onColumn(id, 1, tag, CUSTOMERS, fieldId);
  }

  static ColumnMaskPolicy onColumn(long id, int fieldId, Mask mask, Audience audience) {
    return new ColumnMaskPolicy(id, 1, new MaskTarget.Column(CUSTOMERS, fieldId), mask, audience);
  }

  static ColumnMaskPolicy onTag(long id, String tag, Mask mask, Audience audience) {
    return new ColumnMaskPolicy(id, 1, new MaskTarget.Tag(tag), mask, audience);
  }

  static Audience rolesExcept(String appliesRole, String exemptRole) {
    return Audience.of(
        AudienceRule.appliesTo(AudienceKind.PRINCIPAL_ROLE, appliesRole),
        AudienceRule.exempts(AudienceKind.PRINCIPAL_ROLE, exemptRole));
  }

  static Audience everyoneExcept(AudienceKind kind, String name) {
    return Audience.of(AudienceRule.appliesToEveryone(), AudienceRule.exempts(kind, name));
  }
}
