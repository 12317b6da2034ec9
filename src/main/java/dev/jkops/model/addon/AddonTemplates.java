package dev.jkops.model.addon;

import dev.jkops.model.AddonManifest;
import dev.jkops.model.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the addon templates under {@code src/main/resources/addons/}: plain YAML with {@code {{
 * name }}} placeholders. Every placeholder must have a value and every value must be used, so a
 * typo in a template or a provider fails the build's tests instead of a cluster.
 */
public final class AddonTemplates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_]+)\\s*}}");

  private AddonTemplates() {}

  /** Renders {@code addons/<template>} with the values and wraps it as the named addon. */
  public static AddonManifest networking(
      String name, String id, String template, Map<String, String> values) {
    return new AddonManifest(name, id, render(template, values), AddonManifest.NETWORKING_SELECTOR);
  }

  /** The text of {@code addons/<template>} with every placeholder replaced. */
  public static String render(String template, Map<String, String> values) {
    String text = load(template);
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    TreeSet<String> unused = new TreeSet<>(values.keySet());
    while (m.find()) {
      String key = m.group(1);
      String value = values.get(key);
      if (value == null) {
        throw new ModelException(
            "addon template "
                + template
                + " uses {{ "
                + key
                + " }}, which its provider"
                + " does not supply; this is a bug in jkops");
      }
      unused.remove(key);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (!unused.isEmpty()) {
      throw new ModelException(
          "addon template " + template + " never uses " + unused + "; this is a bug in jkops");
    }
    return out.toString();
  }

  private static String load(String template) {
    String resource = "/addons/" + template;
    try (InputStream in = AddonTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ModelException("addon template " + resource + " is missing from the jkops jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelException("cannot read addon template " + resource + ": " + e.getMessage(), e);
    }
  }
}
