package dev.computectl.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a started {@link dev.computectl.testkit.TestCompute} into a test parameter or a field.
 * A parameter or an instance field gets a compute per test, closed after it; a {@code static}
 * field one compute for the whole class (as Testcontainers' {@code @Container static}), started
 * before the first test and closed after the last. Registers {@link ComputeExtension} itself.
 *
 * <pre>{@code
 * @Test
 * void roleCanLogIn(@WithCompute(spec = "shopSpec") TestCompute compute) throws Exception {
 *   try (Connection c = compute.connect("shop", "app", "pw")) { ... }
 * }
 *
 * static SpecBuilder shopSpec() {
 *   return SpecBuilder.spec().role("app", "pw").database("shop", "app");
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
@ExtendWith(ComputeExtension.class)
public @interface WithCompute {

  /**
   * Name of a no-argument method of the test class (static or not) returning a {@code SpecBuilder}
   * or {@code ComputeSpec} (static for a static field). Empty: a default spec without roles or
   * databases.
   */
  String spec() default "";

  /** Start without a spec: the compute stays {@code empty} until {@code /configure}. */
  boolean empty() default false;

  /** Run {@code compute_ctl.jar} as a child process instead of in this JVM. */
  boolean subprocess() default false;

  /** Enable failpoints ({@code POST /failpoints}); a subprocess compute gets {@code --enable-failpoints}. */
  boolean failpoints() default false;

  /** Wait for {@code running} before the test starts (ignored when {@link #empty()}). */
  boolean awaitRunning() default true;
}
