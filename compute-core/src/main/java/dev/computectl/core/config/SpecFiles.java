package dev.computectl.core.config;

import dev.computectl.core.port.SpecSource.SpecFetchException;
import dev.computectl.spec.SpecJson;
import dev.computectl.spec.SpecParseException;
import dev.computectl.spec.SpecProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and parsing of the files the file-based spec sources re-read on every refresh. */
final class SpecFiles {

  private SpecFiles() {}

  private static final Logger log = LoggerFactory.getLogger(SpecFiles.class);

  /**
   * Reads {@code path} and parses it as {@code type}; errors name the kind of file and its path.
   * Each warning (an unknown field or vartype) is logged once per read, at WARN.
   */
  static <T> T read(Path path, String kind, Class<T> type) throws SpecFetchException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecFetchException("cannot read " + kind + " " + path + ": " + e, e);
    }
    try {
      SpecJson.Parsed<T> parsed = SpecJson.readWithWarnings(text, type);
      for (SpecProblem warning : parsed.warnings()) {
        log.warn("{} {}: {}", kind, path, warning);
      }
      return parsed.value();
    } catch (SpecParseException e) {
      throw new SpecFetchException("could not parse " + kind + " " + path + ": " + e.getMessage(), e);
    }
  }
}
