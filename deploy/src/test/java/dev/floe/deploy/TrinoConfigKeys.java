package dev.floe.deploy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The configuration property names a Trino plugin's classes can read: every string constant of the
 * classes of the jar that holds {@code anchor} (Trino's {@code @Config("...")} names are such
 * constants). Read from the class files, without loading them (their dependencies are not here).
 */
final class TrinoConfigKeys {
  private TrinoConfigKeys() {}

  static Set<String> of(String anchor) throws IOException {
    Path jar;
    try {
      jar = Path.of(TrinoConfigKeys.class.getClassLoader().getResource(anchor.replace('.', '/') + ".class").toURI().getSchemeSpecificPart().replaceFirst("^file:", "").replaceFirst("!/.*$", ""));
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no jar on the test class path holds " + anchor, e);
    }
    Set<String> constants = new HashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : java.util.Collections.list(file.entries())) {
        if (entry.getName().endsWith(".class")) {
          try (InputStream in = file.getInputStream(entry)) {
            readUtf8Constants(in.readAllBytes(), constants);
          }
        }
      }
    }
    return constants;
  }

  /** Adds the CONSTANT_Utf8 entries of a class file's constant pool (JVMS 4.4). */
  static void readUtf8Constants(byte[] classFile, Set<String> constants) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> constants.add(in.readUTF());
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          index++;
        }
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
  }
}
