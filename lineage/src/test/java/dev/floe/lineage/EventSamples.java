package dev.floe.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written OpenLineage events under {@code src/test/resources/dev/floe/lineage/events}. */
public final class EventSamples {
  /** Trino's OpenLineage listener: INSERT INTO lake.silver.orders from lake.bronze.orders_raw. */
  public static final String TRINO_INSERT_SILVER_ORDERS = "trino-insert-silver-orders.json";

  /** dbt-ol on dbt-trino: model gold.revenue_by_customer from silver.orders and silver.customers. */
  public static final String DBT_RUN_GOLD_REVENUE = "dbt-run-gold-revenue.json";

  /** Spark with Iceberg: datasets named by storage location, landing files to bronze.orders_raw. */
  public static final String SPARK_ICEBERG_STORAGE = "spark-iceberg-storage.json";

  private EventSamples() {}

  public static String read(String name) {
    try (InputStream in = EventSamples.class.getResourceAsStream("events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample event " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
