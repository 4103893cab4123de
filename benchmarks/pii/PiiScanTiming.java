import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.*;
import org.apache.iceberg.catalog.*;
import org.apache.iceberg.data.*;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.*;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * Writes a 100-column table of ROWS rows (10 files) into a running Floe, then times a PII scan of
 * it (POST pii-scans, polled until done). Run by benchmarks/run-pii-scan.sh with the server's own
 * libraries: java -cp "catalog-server/target/quarkus-app/lib/main/*" PiiScanTiming.java BASE_URI client_id:secret ROWS
 */
public class PiiScanTiming {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    String credential = args[1];
    long rows = Long.parseLong(args[2]);
    List<Types.NestedField> fields = new ArrayList<>();
    for (int c = 0; c < 100; c++) {
      fields.add(Types.NestedField.optional(c + 1, name(c), Types.StringType.get()));
    }
    Schema schema = new Schema(fields);
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("floe", Map.of("uri", base + "/api/catalog", "warehouse", "lakehouse", "credential", credential,
        "oauth2-server-uri", base + "/api/catalog/v1/oauth/tokens", "scope", "PRINCIPAL_ROLE:ALL"));
    catalog.createNamespace(Namespace.of("bench_pii"));
    Table table = catalog.createTable(TableIdentifier.of("bench_pii", "wide"), schema);
    long writeStart = System.nanoTime();
    AppendFiles append = table.newAppend();
    Random random = new Random(20261130);
    int files = 10;
    for (int f = 0; f < files; f++) {
      OutputFile file = table.io().newOutputFile(table.locationProvider().newDataLocation("data-" + f + ".parquet"));
      DataWriter<Record> writer = Parquet.writeData(file).schema(schema).createWriterFunc(GenericParquetWriter::create)
          .overwrite().withSpec(PartitionSpec.unpartitioned()).build();
      try (writer) {
        GenericRecord record = GenericRecord.create(schema);
        for (long r = 0; r < rows / files; r++) {
          long id = f * (rows / files) + r;
          for (int c = 0; c < 100; c++) {
            record.set(c, value(c, id, random));
          }
          writer.write(record);
        }
      }
      append.appendFile(writer.toDataFile());
    }
    append.commit();
    System.out.printf("wrote %d rows x 100 columns in %d files in %.1f s%n", rows, files, (System.nanoTime() - writeStart) / 1e9);

    HttpClient http = HttpClient.newHttpClient();
    String[] parts = credential.split(":", 2);
    HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/api/catalog/v1/oauth/tokens"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + parts[0] + "&client_secret=" + parts[1]))
        .build(), HttpResponse.BodyHandlers.ofString());
    String bearer = field(token.body(), "access_token");
    long scanStart = System.nanoTime();
    HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/api/management/v1/catalogs/lakehouse/pii-scans"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
        .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\": [\"bench_pii\"], \"table\": \"wide\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != 202) {
      throw new IllegalStateException(started.statusCode() + " " + started.body());
    }
    String id = field(started.body(), "id");
    String job = started.body();
    while (job.contains("\"running\"")) {
      Thread.sleep(20);
      job = http.send(HttpRequest.newBuilder(URI.create(base + "/api/management/v1/catalogs/lakehouse/pii-scans/" + id))
          .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
    double seconds = (System.nanoTime() - scanStart) / 1e9;
    System.out.printf("scan of %d rows x 100 columns: %.2f s, job %s%n", rows, seconds, job);
  }

  private static String name(int c) {
    if (c < 10) return "mail_" + c;
    if (c < 20) return "phone_" + c;
    if (c < 30) return "addr_ip_" + c;
    return "attr_" + c;
  }

  private static String value(int c, long id, Random random) {
    if (c < 10) return "user" + (id * 31 + c) % 1_000_003 + "@mail" + (c % 5) + ".example.org";
    if (c < 20) return String.format("+1 (415) %03d-%04d", 200 + (id + c) % 700, (id * 7 + c) % 10000);
    if (c < 30) return "10." + (id % 256) + "." + ((id / 256) % 256) + "." + (1 + c);
    return Long.toString(random.nextLong() & 0xffffffffL, 36);
  }

  private static String field(String json, String name) {
    Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
    if (!matcher.find()) throw new IllegalStateException("no " + name + " in " + json);
    return matcher.group(1);
  }
}
