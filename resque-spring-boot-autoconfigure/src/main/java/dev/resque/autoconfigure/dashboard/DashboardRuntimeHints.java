package dev.resque.autoconfigure.dashboard;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** The dashboard's page and assets are class-path resources the controller serves: a native image must keep them. */
class DashboardRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/resque/dashboard/index.html");
		hints.resources().registerPattern("dev/resque/dashboard/assets/*");
	}

}
