package dev.computectl.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.computectl.spec.fixtures.NeonFixtures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random damage to Neon's fixtures: the only allowed outcomes are a parsed spec (which then
 * validates without throwing) or a {@link SpecParseException}.
 */
class SpecMutationTest {

  private static final long SEED = 0x5EC0DEL;
  private static final int ROUNDS = 3000;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void mutatedFixturesOnlyGiveParseErrorsOrProblems() throws Exception {
    System.out.println("SpecMutationTest seed=" + SEED + " rounds=" + ROUNDS);
    Random random = new Random(SEED);
    String[] names = {NeonFixtures.API_SPEC, NeonFixtures.TOOLS_SPEC, NeonFixtures.COMPOSE_CONFIG};
    int parsed = 0;
    int rejected = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String name = names[random.nextInt(names.length)];
      String text = mutate(NeonFixtures.load(name), random);
      try {
        ComputeSpec spec = name.equals(NeonFixtures.COMPOSE_CONFIG)
            ? SpecJson.readConfig(text).spec()
            : SpecJson.readSpec(text);
        if (spec != null) {
          exercise(spec);
        }
        parsed++;
      } catch (SpecParseException e) {
        assertThat(e.getMessage()).as("round %d", round).isNotBlank();
        rejected++;
      } catch (RuntimeException | Error e) {
        throw new AssertionError("seed " + SEED + " round " + round + " on " + name + ":\n" + text, e);
      }
    }
    System.out.println("SpecMutationTest parsed=" + parsed + " rejected=" + rejected);
    assertThat(parsed).isPositive();
    assertThat(rejected).isPositive();
  }

  private static void exercise(ComputeSpec spec) throws SpecParseException {
    for (ValidationMode mode : ValidationMode.values()) {
      SpecValidator.validate(spec, mode, "cloud_admin");
    }
    ValidationMode.forSpec(spec, true);
    spec.effectiveSafekeepers();
    spec.jwtRoles();
    spec.toString();
    assertThat(SpecJson.readSpec(SpecJson.write(spec))).isEqualTo(spec);
  }

  private static String mutate(String json, Random random) throws Exception {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return json.substring(0, random.nextInt(json.length()));
    }
    if (kind == 1) {
      int at = random.nextInt(json.length());
      String alphabet = "{}[],:\"\\0-x ";
      String junk = String.valueOf(alphabet.charAt(random.nextInt(alphabet.length())));
      return json.substring(0, at) + junk + json.substring(at);
    }
    JsonNode root = SpecJson.mapper().readTree(json);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = containers.get(random.nextInt(containers.size()));
      damage(target, random);
    }
    return SpecJson.mapper().writeValueAsString(root);
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode() && node.size() > 0) {
      out.add(node);
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      collect(it.next(), out);
    }
  }

  private static void damage(JsonNode container, Random random) {
    JsonNode replacement = randomValue(random);
    if (container instanceof ObjectNode object) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      String key = keys.get(random.nextInt(keys.size()));
      if (random.nextInt(3) == 0) {
        object.remove(key);
      } else {
        object.set(key, replacement);
      }
    } else if (container instanceof ArrayNode array) {
      int index = random.nextInt(array.size());
      if (random.nextInt(3) == 0) {
        array.remove(index);
      } else {
        array.set(index, replacement);
      }
    }
  }

  private static JsonNode randomValue(Random random) {
    switch (random.nextInt(9)) {
      case 0:
        return NODES.nullNode();
      case 1:
        return NODES.numberNode(random.nextInt(2001) - 1000);
      case 2:
        return NODES.numberNode(random.nextDouble() * 1e6);
      case 3:
        return NODES.booleanNode(random.nextBoolean());
      case 4:
        return NODES.arrayNode().add(random.nextInt(5)).addNull();
      case 5:
        return NODES.objectNode().put("Static", "0/" + Integer.toHexString(random.nextInt()));
      case 6:
        return NODES.textNode("");
      case 7:
        return NODES.numberNode(Long.MIN_VALUE + random.nextInt(3));
      default:
        StringBuilder garbage = new StringBuilder();
        int length = random.nextInt(80);
        for (int i = 0; i < length; i++) {
          garbage.append((char) (random.nextInt(0x2FF) + 1));
        }
        return NODES.textNode(garbage.toString());
    }
  }
}
