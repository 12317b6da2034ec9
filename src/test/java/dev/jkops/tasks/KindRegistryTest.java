package dev.jkops.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The registry a cloud dispatches its resource kinds through. */
class KindRegistryTest {
  sealed interface Shape permits Circle, Square, Triangle {}

  record Circle() implements Shape {}

  record Square() implements Shape {}

  record Triangle() implements Shape {}

  @Test
  void findsEachKindsHandlerByItsRecordClassInRegistrationOrder() {
    KindRegistry<Shape, String> r =
        KindRegistry.<Shape, String>builder(Shape.class, "drawing")
            .with(Square.class, "square")
            .with(Circle.class, "circle")
            .build();
    assertThat(r.of(new Circle())).isEqualTo("circle");
    assertThat(r.of(new Square())).isEqualTo("square");
    assertThat(r.kinds()).containsExactly(Square.class, Circle.class);
    assertThat(r.handlers()).containsExactly("square", "circle");
  }

  @Test
  void aKindWithoutAHandlerFailsNamingTheKindNotWithAClassCastException() {
    KindRegistry<Shape, String> r =
        KindRegistry.<Shape, String>builder(Shape.class, "drawing")
            .with(Circle.class, "circle")
            .build();
    assertThatThrownBy(() -> r.of(new Triangle()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no drawing handler for resource kind Triangle; every kind needs one registered");
  }

  @Test
  void aKindRegisteredTwiceIsRefusedWhenTheRegistryIsBuilt() {
    KindRegistry.Builder<Shape, String> b =
        KindRegistry.<Shape, String>builder(Shape.class, "drawing").with(Circle.class, "circle");
    assertThatThrownBy(() -> b.with(Circle.class, "another circle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two drawing handlers for resource kind Circle");
  }

  @Test
  void theBaseItselfIsNoKind() {
    assertThatThrownBy(
            () ->
                KindRegistry.<Shape, String>builder(Shape.class, "drawing")
                    .with(Shape.class, "any"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a Shape record");
  }
}
