package dev.computectl.testkit.junit;

import dev.computectl.spec.ComputeSpec;
import dev.computectl.testkit.TestCompute;
import dev.computectl.testkit.TestComputeBuilder;
import dev.computectl.testkit.spec.SpecBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
 * Starts a {@link TestCompute} for every {@link WithCompute} field and parameter. Each compute is
 * put in the test method's store, which JUnit closes after the test whatever its outcome (the store
 * closes {@link AutoCloseable} values), so Postgres never outlives a failed test.
 */
public final class ComputeExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ComputeExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Object instance = context.getRequiredTestInstance();
    for (Field field :
        AnnotationSupport.findAnnotatedFields(
            instance.getClass(),
            WithCompute.class,
            f -> !Modifier.isStatic(f.getModifiers()),
            HierarchyTraversalMode.TOP_DOWN)) {
      if (!TestCompute.class.isAssignableFrom(field.getType())) {
        throw new ExtensionConfigurationException(
            "@WithCompute field " + field.getName() + " must be of type TestCompute");
      }
      TestCompute compute = start(field.getAnnotation(WithCompute.class), context, field.getName());
      field.setAccessible(true);
      field.set(instance, compute);
    }
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
    context.getStore(NAMESPACE).put(name + "@" + System.identityHashCode(compute), compute);
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
    Object target =
        Modifier.isStatic(method.getModifiers()) ? null : context.getTestInstance().orElse(null);
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
}
