package dev.jkops.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {
  record Node(String kind, String name, Set<ResourceId> dependsOn, Set<String> dependsOnEvery)
      implements Resource {
    @Override
    public ResourceId id() {
      return new ResourceId(kind, name);
    }

    @Override
    public SortedMap<String, String> attributes() {
      return new TreeMap<>();
    }
  }

  @Test
  void aResourceThatDependsOnEveryResourceOfAKindComesAfterTheLastOfThem() {
    List<Node> in = new ArrayList<>();
    // "a-ready" sorts before every route by id, so only the kind dependency can hold it back
    in.add(new Node("A", "ready", Set.of(), Set.of("Route")));
    for (int i = 0; i < 5; i++) {
      in.add(
          new Node(
              "Route", "r" + i, i == 4 ? Set.of(new ResourceId("Z", "late")) : Set.of(), Set.of()));
    }
    in.add(new Node("Z", "late", Set.of(), Set.of()));
    List<ResourceId> order = DependencyOrder.sort(in).stream().map(Resource::id).toList();
    assertThat(order.indexOf(new ResourceId("A", "ready"))).isEqualTo(order.size() - 1);
    assertThat(order.indexOf(new ResourceId("Route", "r4")))
        .isGreaterThan(order.indexOf(new ResourceId("Z", "late")));
  }

  @Test
  void aKindWithNoResourcesInThePlanIsAlreadySatisfied() {
    List<Node> in =
        List.of(
            new Node("A", "ready", Set.of(), Set.of("Route")),
            new Node("B", "b", Set.of(), Set.of()));
    assertThat(DependencyOrder.sort(in))
        .extracting(n -> n.id().name())
        .containsExactly("ready", "b");
  }
}
