package dev.floe.catalog.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.policy.Securable;
import dev.floe.policy.governance.GovernanceState;
import dev.floe.policy.governance.SchemaColumn;
import dev.floe.policy.governance.TableSchema;
import dev.floe.policy.governance.TagAssignment;
import dev.floe.policy.governance.api.TableAccessReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TestGovernanceReadTags {
  private static final Securable ORDERS = Securable.table("lake", List.of("sales"), "orders");
  private static final TableSchema SCHEMA =
      TableSchema.of(new SchemaColumn(1, "id", "long"), new SchemaColumn(2, "Email", "string"), new SchemaColumn(3, "phone", "string"));

  private static final GovernanceState STATE =
      new GovernanceState(
          7,
          List.of(),
          List.of(
              new TagAssignment(1, 1, "finance", Securable.namespace("lake", "sales"), OptionalInt.empty()),
              new TagAssignment(2, 1, "pii.email", ORDERS, OptionalInt.of(2)),
              new TagAssignment(3, 1, "gold", ORDERS, OptionalInt.of(2)),
              new TagAssignment(4, 1, "pii.phone", ORDERS, OptionalInt.of(3))),
          List.of(),
          List.of());

  private static final GovernanceSource SOURCE =
      new GovernanceSource() {
        @Override
        public long version() {
          return 7;
        }

        @Override
        public GovernanceState stateOf(String catalog) {
          return catalog.equals("lake") ? STATE : GovernanceState.empty();
        }

        @Override
        public Optional<String> hashSalt(String catalog) {
          return Optional.empty();
        }
      };

  private static TableAccessReport read(String table, String... columns) {
    return new TableAccessReport("lake", List.of("sales"), table, List.of(columns), List.of(), List.of(), true);
  }

  @Test
  void theTableTagsAndTheTagsOfEachReadColumnByNameIgnoringCase() {
    GovernanceReadTags tags = new GovernanceReadTags(SOURCE, (catalog, table) -> Optional.of(SCHEMA));
    ReadTags.TableTags found = tags.of(read("orders", "id", "email"));
    assertThat(found.table()).containsExactly("finance");
    assertThat(found.columns()).isEqualTo(Map.of("email", new TreeSet<>(Set.of("gold", "pii.email"))));
    assertThat(found.all()).containsExactly("finance", "gold", "pii.email");
  }

  @Test
  void withoutASchemaOnlyTheTableTags() {
    GovernanceReadTags missing = new GovernanceReadTags(SOURCE, (catalog, table) -> Optional.empty());
    assertThat(missing.of(read("orders", "email")).columns()).isEmpty();
    GovernanceReadTags failing =
        new GovernanceReadTags(SOURCE, (catalog, table) -> {
          throw new IllegalStateException("storage down");
        });
    ReadTags.TableTags found = failing.of(read("orders", "email"));
    assertThat(found.columns()).isEmpty();
    assertThat(found.table()).containsExactly("finance");
  }

  @Test
  void aColumnTheSchemaHasTwiceInDifferentCasesHasNoTags() {
    TableSchema ambiguous = TableSchema.of(new SchemaColumn(2, "email", "string"), new SchemaColumn(3, "EMAIL", "string"));
    GovernanceReadTags tags = new GovernanceReadTags(SOURCE, (catalog, table) -> Optional.of(ambiguous));
    assertThat(tags.of(read("orders", "email")).columns()).isEmpty();
  }
}
