package dev.computectl.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.computectl.spec.internal.Checks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code remote_extensions}: which extensions this compute may download, and their files. */
public record RemoteExtensions(
    @JsonProperty("public_extensions") List<String> publicExtensions,
    @JsonProperty("custom_extensions") List<String> customExtensions,
    @JsonProperty(value = "library_index", required = true) Map<String, String> libraryIndex,
    @JsonProperty(value = "extension_data", required = true)
        Map<String, ExtensionData> extensionData) {

  private static final Pattern SO_SUFFIX = Pattern.compile("\\.so.*");

  @JsonCreator
  public RemoteExtensions {
    publicExtensions = Checks.listOrNull(publicExtensions, "public_extensions");
    customExtensions = Checks.listOrNull(customExtensions, "custom_extensions");
    libraryIndex = Checks.mapOrNull(Checks.required(libraryIndex, "library_index"), "library_index");
    extensionData =
        Checks.mapOrNull(Checks.required(extensionData, "extension_data"), "extension_data");
  }

  /**
   * The extension a download request names: for a library, {@code .so} and anything after it is
   * cut off and the rest mapped through {@code library_index}. Empty when that lookup fails.
   */
  public Optional<String> extensionFor(String name, boolean isLibrary) {
    if (!isLibrary) {
      return Optional.of(name);
    }
    return Optional.ofNullable(libraryIndex.get(SO_SUFFIX.matcher(name).replaceFirst("")));
  }

  /** Strict allow check for downloads: listed (public or custom) and described. */
  public boolean isAllowed(String extension) {
    boolean listed =
        (publicExtensions != null && publicExtensions.contains(extension))
            || (customExtensions != null && customExtensions.contains(extension));
    return listed && extensionData.containsKey(extension);
  }

  /**
   * Looser check used when writing control files at startup: skipped only when both lists are
   * present and neither holds the extension.
   */
  public boolean mayWriteControlFiles(String extension) {
    boolean notPublic = publicExtensions != null && !publicExtensions.contains(extension);
    boolean notCustom = customExtensions != null && !customExtensions.contains(extension);
    return !(notPublic && notCustom);
  }

  /**
   * The archive path relative to the extension server: {@code
   * {buildTag}/{arch}/{pgMajor}/extensions/{name}.tar.zst}.
   */
  public static String archivePath(String buildTag, String arch, String pgMajor, String name) {
    return buildTag + "/" + arch + "/" + pgMajor + "/extensions/" + name + ".tar.zst";
  }
}
