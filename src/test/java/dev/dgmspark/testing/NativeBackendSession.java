package dev.dgmspark.testing;

import dev.dgmspark.nn.NativeBackend;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Picks ND4J's native build once per test JVM, before any test class loads ND4J, the way the command line does
 * ({@link NativeBackend#select()}); registered through {@code META-INF/services}.
 */
public final class NativeBackendSession implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    NativeBackend.select();
  }
}
