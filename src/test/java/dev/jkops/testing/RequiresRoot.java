package dev.jkops.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need root and network namespaces. Off CI they are skipped with the reason
 * printed; on CI (CI=true) a missing prerequisite fails the test, since CI runs as root and a
 * silent skip there would hide a broken data plane.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiresRootExtension.class)
public @interface RequiresRoot {}
