package dev.computectl.testkit.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link TestPostgres} per test class, started before the first test and closed after the
 * last. Test methods (and {@code @BeforeAll}/{@code @BeforeEach} methods) receive it as a
 * parameter:
 *
 * <pre>{@code
 * @ExtendWith(TestPostgresExtension.class)
 * class MyIT {
 *   @Test void works(TestPostgres pg) throws Exception { try (var c = pg.connect("postgres")) {} }
 * }
 * }</pre>
 */
public final class TestPostgresExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestPostgresExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    instance(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestPostgres pg = context.getStore(NAMESPACE).remove("pg", TestPostgres.class);
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPostgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      return instance(context);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static TestPostgres instance(ExtensionContext context) throws java.io.IOException {
    ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
    TestPostgres pg = store.get("pg", TestPostgres.class);
    if (pg == null) {
      pg = TestPostgres.start();
      store.put("pg", pg);
    }
    return pg;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestClass().isPresent() && c.getTestMethod().isPresent()) {
      c = c.getParent().orElseThrow();
    }
    return c;
  }
}
