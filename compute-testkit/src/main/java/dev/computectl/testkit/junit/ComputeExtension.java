package dev.computectl.testkit.junit;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.TestComputeBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Starts a {@link TestCompute} for every {@link WithCompute} field and parameter. A {@code static}
 * field gets one compute for the whole test class, started before the first test (before
 * {@code @BeforeAll} methods of the class that run after this extension, and before a Spring test
 * context asks for its {@code @DynamicPropertySource} values) and put in the class's store, closed
 * after the last test; an instance field or a parameter gets one per test, put in the test
 * method's store. JUnit closes a store's {@link AutoCloseable} values whatever the outcome, so
 * Postgres never outlives a failed test.
 */
public final class ComputeExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ComputeExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Class<?> testClass = context.getRequiredTestClass();
    for (Field field : fields(testClass, f -> Modifier.isStatic(f.getModifiers()))) {
      // Always a new one: a value left from an earlier run of the class is closed.
      field.setAccessible(true);
      field.set(null, start(field.getAnnotation(WithCompute.class), context, field.getName()));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Object instance = context.getRequiredTestInstance();
    for (Field field : fields(instance.getClass(), f -> !Modifier.isStatic(f.getModifiers()))) {
      TestCompute compute = start(field.getAnnotation(WithCompute.class), context, field.getName());
      field.setAccessible(true);
      field.set(instance, compute);
    }
  }

  private static List<Field> fields(Class<?> testClass, Predicate<Field> which) {
    List<Field> fields = AnnotationSupport.findAnnotatedFields(
        testClass, WithCompute.class, which, HierarchyTraversalMode.TOP_DOWN);
    for (Field field : fields) {
      if (!TestCompute.class.isAssignableFrom(field.getType())) {
        throw new ExtensionConfigurationException(
            "@WithCompute field " + field.getName() + " must be of type TestCompute");
      }
    }
    return fields;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(WithCompute.class)
        && parameter.getParameter().getType() == TestCompute.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    WithCompute options = parameter.findAnnotation(WithCompute.class).orElseThrow();
    try {
      return start(options, context, parameter.getParameter().getName());
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot start the compute: " + e.getMessage(), e);
    }
  }

  private static TestCompute start(WithCompute options, ExtensionContext context, String name) {
    TestComputeBuilder builder = TestCompute.builder();
    if (!options.empty()) {
      builder.spec(spec(options.spec(), context));
    }
    if (options.subprocess()) {
      builder.subprocess();
    }
    if (options.failpoints()) {
      builder.failpoints();
    }
    TestCompute compute = builder.start();
    // Stored before waiting, so a compute that never gets running is still closed.
    context.getStore(NAMESPACE).put(name + "@" + System.identityHashCode(compute),
        new StoredCompute(compute));
    if (!options.empty() && options.awaitRunning()) {
      compute.awaitRunning();
    }
    return compute;
  }

  private static ComputeSpec spec(String methodName, ExtensionContext context) {
    if (methodName.isEmpty()) {
      return SpecBuilder.spec().build();
    }
    Class<?> testClass = context.getRequiredTestClass();
    Method method =
        ReflectionSupport.findMethod(testClass, methodName)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        "@WithCompute(spec = \""
                            + methodName
                            + "\"): no such method in "
                            + testClass.getName()));
    boolean isStatic = Modifier.isStatic(method.getModifiers());
    if (!isStatic && context.getTestInstance().isEmpty()) {
      throw new ExtensionConfigurationException("@WithCompute(spec = \"" + methodName
          + "\") on a static field needs a static method: no test instance exists yet");
    }
    Object target = isStatic ? null : context.getTestInstance().orElse(null);
    Object value = ReflectionSupport.invokeMethod(method, target);
    if (value instanceof SpecBuilder builder) {
      return builder.build();
    }
    if (value instanceof ComputeSpec spec) {
      return spec;
    }
    throw new ExtensionConfigurationException(
        "@WithCompute(spec = \"" + methodName + "\") must return a SpecBuilder or ComputeSpec");
  }

  /**
   * What the store closes. JUnit before 5.13 (Spring Boot 3.5 manages 5.12) closes only a {@code
   * CloseableResource}, later versions an {@link AutoCloseable}: this is both, so the compute is
   * closed on either ({@link TestCompute#close()} is idempotent).
   */
  @SuppressWarnings("deprecation")
  private record StoredCompute(TestCompute compute)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      compute.close();
    }
  }
}
