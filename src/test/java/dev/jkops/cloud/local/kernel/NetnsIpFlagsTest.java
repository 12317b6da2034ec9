package dev.jkops.cloud.local.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jkops.api.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hasFlag reads ip's flags element by element where NetnsIp used to search their toString(): the
 * same answers on what ip prints, with no mapper behind the node's toString().
 */
class NetnsIpFlagsTest {
  @Test
  void upAndOnlinkAsTheTextSearchFoundThem() throws IOException {
    int links = 0;
    for (String name : List.of("ip-link-detail.json", "ip-link-detail-vpc.json")) {
      for (JsonNode l : JsonTrees.read(resource(name))) {
        JsonNode flags = l.path("flags");
        assertEquals(flags.toString().contains("\"UP\""), NetnsIp.hasFlag(flags, "UP"), name);
        assertEquals(flags.toString().contains("\"UP\""), NetnsIp.linkOf(l).up(), name);
        links++;
      }
    }
    assertTrue(links > 2);
    JsonNode routes =
        new ObjectMapper()
            .readTree(
                "[{\"dst\":\"10.0.0.0/8\",\"gateway\":\"172.20.0.1\",\"dev\":\"eth0\","
                    + "\"flags\":[\"onlink\"]},{\"dst\":\"10.1.0.0/16\",\"dev\":\"eth0\","
                    + "\"flags\":[\"linkdown\"]},{\"dst\":\"10.2.0.0/16\",\"dev\":\"eth0\","
                    + "\"flags\":[]},{\"dst\":\"10.3.0.0/16\",\"dev\":\"eth0\"}]");
    for (JsonNode r : routes) {
      JsonNode flags = r.path("flags");
      assertEquals(flags.toString().contains("onlink"), NetnsIp.hasFlag(flags, "onlink"));
    }
    assertTrue(NetnsIp.hasFlag(routes.get(0).path("flags"), "onlink"));
    assertFalse(NetnsIp.hasFlag(routes.get(3).path("flags"), "onlink"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = NetnsIpFlagsTest.class.getResourceAsStream("/json-trees/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
