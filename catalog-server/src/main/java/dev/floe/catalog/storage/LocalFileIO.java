package dev.floe.catalog.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * {@link FileIO} for {@code file:} locations on the server's own file system (the embedded
 * default's warehouse). Locations are taken as raw paths after the scheme, as Hadoop does.
 */
public class LocalFileIO implements FileIO {
  @Override
  public InputFile newInputFile(String location) {
    return new LocalInputFile(location, toPath(location));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutputFile(location, toPath(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + location, e);
    }
  }

  /**
   * Removes the empty directories at and below {@code location} (what a purge leaves behind);
   * directories that still hold a file are kept.
   */
  public static void deleteEmptyDirectories(String location) {
    Path root = toPath(location);
    if (!Files.isDirectory(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path directory :
          paths.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
          if (entries.findAny().isEmpty()) {
            Files.delete(directory);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up directories under " + location, e);
    }
  }

  /** The local path of a {@code file:} location, or of a plain absolute path. */
  public static Path toPath(String location) {
    String path;
    if (location.startsWith("file://")) {
      path = location.substring("file://".length());
    } else if (location.startsWith("file:")) {
      path = location.substring("file:".length());
    } else if (location.startsWith("/")) {
      path = location;
    } else {
      throw new IllegalArgumentException("Not a local file location: " + location);
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("Not an absolute local file location: " + location);
    }
    return Path.of(path);
  }

  private record LocalInputFile(String location, Path path) implements InputFile {
    @Override
    public long getLength() {
      try {
        return Files.size(path);
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "Failed to open input stream for file: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the length of " + location, e);
      }
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        return new LocalSeekableInputStream(FileChannel.open(path, StandardOpenOption.READ));
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "Failed to open input stream for file: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open " + location, e);
      }
    }

    @Override
    public boolean exists() {
      return Files.exists(path);
    }
  }

  private record LocalOutputFile(String location, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return open(false);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(true);
    }

    private PositionOutputStream open(boolean overwrite) {
      try {
        Path parent = path.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        FileChannel channel =
            overwrite
                ? FileChannel.open(
                    path,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalPositionOutputStream(channel);
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(e, "File already exists: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + location, e);
      }
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInputFile(location, path);
    }
  }

  private static final class LocalSeekableInputStream extends SeekableInputStream {
    private final FileChannel channel;
    private final java.io.InputStream stream;

    private LocalSeekableInputStream(FileChannel channel) {
      this.channel = channel;
      this.stream = Channels.newInputStream(channel);
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      channel.position(newPos);
    }

    @Override
    public int read() throws IOException {
      return stream.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return stream.read(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final class LocalPositionOutputStream extends PositionOutputStream {
    private final FileChannel channel;
    private final OutputStream stream;
    /** Kept here rather than asked of the channel: writers ask for it after closing. */
    private long position;

    private LocalPositionOutputStream(FileChannel channel) {
      this.channel = channel;
      this.stream = Channels.newOutputStream(channel);
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      stream.write(b);
      position++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      stream.write(buffer, offset, length);
      position += length;
    }

    @Override
    public void close() throws IOException {
      if (!channel.isOpen()) {
        return;
      }
      channel.force(false);
      channel.close();
    }
  }
}
