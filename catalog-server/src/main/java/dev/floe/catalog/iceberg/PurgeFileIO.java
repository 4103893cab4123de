package dev.floe.catalog.iceberg;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * A purge's {@link FileIO} over another one: reads go through, writes are refused (a purge writes
 * no files); subclasses decide what a delete does.
 */
abstract class PurgeFileIO implements FileIO {
  private final FileIO delegate;

  PurgeFileIO(FileIO delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  @Override
  public InputFile newInputFile(String path) {
    return delegate.newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return delegate.newInputFile(path, length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    throw new UnsupportedOperationException("A purge writes no files");
  }

  @Override
  public Map<String, String> properties() {
    return delegate.properties();
  }

  FileIO delegate() {
    return delegate;
  }
}
