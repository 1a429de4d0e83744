package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource.SpecFetchException;
import dev.computectl.spec.SpecParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and parsing of the files the file-based spec sources re-read on every refresh. */
final class SpecFiles {

  private SpecFiles() {}

  /** How one kind of file is parsed. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String json) throws SpecParseException;
  }

  /** Reads {@code path} and parses it; errors name the kind of file and its path. */
  static <T> T read(Path path, String kind, Parser<T> parser) throws SpecFetchException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecFetchException("cannot read " + kind + " " + path + ": " + e, e);
    }
    try {
      return parser.parse(text);
    } catch (SpecParseException e) {
      throw new SpecFetchException("could not parse " + kind + " " + path + ": " + e.getMessage(), e);
    }
  }
}
