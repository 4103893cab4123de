package dev.floe.catalog.iceberg;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.io.FileIO;

/** Writing new metadata files: names, compression, and the bytes themselves. */
final class MetadataFiles {
  private MetadataFiles() {}

  /** File name of metadata version {@code version}: {@code 00003-<uuid>[.gz].metadata.json}. */
  static String fileName(int version, String compressionCodec) {
    TableMetadataParser.Codec codec =
        TableMetadataParser.Codec.fromName(compressionCodec.toLowerCase(Locale.ROOT));
    return String.format(
        "%05d-%s%s", version, UUID.randomUUID(), TableMetadataParser.getFileExtension(codec));
  }

  /** Writes {@code json} to a new file at {@code location}, gzip-compressed if its name says so. */
  static void write(FileIO io, String location, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    try (OutputStream file = io.newOutputFile(location).create();
        OutputStream out = location.endsWith(".gz.metadata.json") ? new GZIPOutputStream(file) : file) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write metadata file " + location, e);
    }
  }
}
