package dev.floe.lineage.event;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.ColumnLineageDatasetFacet;
import io.openlineage.client.OpenLineage.ColumnLineageDatasetFacetFieldsAdditional;
import io.openlineage.client.OpenLineage.DatasetFacets;
import io.openlineage.client.OpenLineage.InputField;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.SchemaDatasetFacet;
import io.openlineage.client.OpenLineage.SchemaDatasetFacetFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a bound {@link RunEvent} for the fields the spec requires and Jackson does not, and turns
 * it into a {@link LineageRun}. Every failure names the field by its JSON path.
 */
final class RunEventConverter {
  private RunEventConverter() {}

  static LineageRun convert(RunEvent event) {
    if (event.getEventTime() == null) {
      throw missing("eventTime");
    }
    if (event.getProducer() == null) {
      throw missing("producer");
    }
    if (event.getRun() == null) {
      throw missing("run");
    }
    if (event.getRun().getRunId() == null) {
      throw missing("run.runId");
    }
    if (event.getJob() == null) {
      throw missing("job");
    }
    JobRef job =
        new JobRef(
            required(event.getJob().getNamespace(), "job.namespace"),
            required(event.getJob().getName(), "job.name"));
    Optional<LineageEventType> eventType =
        Optional.ofNullable(event.getEventType()).map(type -> LineageEventType.valueOf(type.name()));
    return new LineageRun(
        eventType,
        event.getEventTime().toInstant(),
        event.getRun().getRunId(),
        job,
        event.getProducer(),
        datasets(event.getInputs(), "inputs"),
        datasets(event.getOutputs(), "outputs"));
  }

  private static List<LineageDataset> datasets(
      List<? extends OpenLineage.Dataset> datasets, String path) {
    if (datasets == null) {
      return List.of();
    }
    List<LineageDataset> converted = new ArrayList<>(datasets.size());
    for (int index = 0; index < datasets.size(); index++) {
      OpenLineage.Dataset dataset = datasets.get(index);
      String at = path + "[" + index + "]";
      if (dataset == null) {
        throw new InvalidLineageEventException(at + " is null");
      }
      DatasetRef ref =
          new DatasetRef(
              required(dataset.getNamespace(), at + ".namespace"),
              required(dataset.getName(), at + ".name"));
      DatasetFacets facets = dataset.getFacets();
      converted.add(
          new LineageDataset(
              ref,
              schema(facets == null ? null : facets.getSchema(), at + ".facets.schema"),
              columnLineage(
                  facets == null ? null : facets.getColumnLineage(),
                  at + ".facets.columnLineage")));
    }
    return converted;
  }

  private static List<SchemaField> schema(SchemaDatasetFacet facet, String path) {
    if (facet == null || facet.getFields() == null) {
      return List.of();
    }
    List<SchemaField> fields = new ArrayList<>();
    List<SchemaDatasetFacetFields> declared = facet.getFields();
    for (int index = 0; index < declared.size(); index++) {
      SchemaDatasetFacetFields field = declared.get(index);
      String at = path + ".fields[" + index + "]";
      if (field == null) {
        throw new InvalidLineageEventException(at + " is null");
      }
      fields.add(
          new SchemaField(required(field.getName(), at + ".name"), Optional.ofNullable(field.getType())));
    }
    return fields;
  }

  private static Map<String, List<ColumnRef>> columnLineage(
      ColumnLineageDatasetFacet facet, String path) {
    if (facet == null) {
      return Map.of();
    }
    if (facet.getFields() == null) {
      throw missing(path + ".fields");
    }
    Map<String, List<ColumnRef>> lineage = new LinkedHashMap<>();
    for (Map.Entry<String, ColumnLineageDatasetFacetFieldsAdditional> entry :
        facet.getFields().getAdditionalProperties().entrySet()) {
      String at = path + ".fields." + entry.getKey();
      if (entry.getValue() == null) {
        throw new InvalidLineageEventException(at + " is null");
      }
      List<InputField> inputFields = entry.getValue().getInputFields();
      if (inputFields == null) {
        throw missing(at + ".inputFields");
      }
      List<ColumnRef> sources = new ArrayList<>(inputFields.size());
      for (int index = 0; index < inputFields.size(); index++) {
        InputField input = inputFields.get(index);
        String inputAt = at + ".inputFields[" + index + "]";
        if (input == null) {
          throw new InvalidLineageEventException(inputAt + " is null");
        }
        sources.add(
            new ColumnRef(
                new DatasetRef(
                    required(input.getNamespace(), inputAt + ".namespace"),
                    required(input.getName(), inputAt + ".name")),
                required(input.getField(), inputAt + ".field")));
      }
      lineage.put(withoutNul(entry.getKey(), path + ".fields"), sources);
    }
    return lineage;
  }

  private static String required(String value, String path) {
    if (value == null || value.isBlank()) {
      throw missing(path);
    }
    return withoutNul(value, path);
  }

  /** Names are stored as text, which cannot hold U+0000 (PostgreSQL's, for one). */
  private static String withoutNul(String value, String path) {
    if (value.indexOf('\u0000') >= 0) {
      throw new InvalidLineageEventException(path + " holds the character U+0000");
    }
    return value;
  }

  private static InvalidLineageEventException missing(String path) {
    return new InvalidLineageEventException(path + " is missing");
  }
}
