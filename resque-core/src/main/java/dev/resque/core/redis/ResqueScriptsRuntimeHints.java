package dev.resque.core.redis;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** The Lua scripts are class-path resources, read once at startup: a native image must include them. */
public final class ResqueScriptsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/resque/core/redis/lua/*.lua");
		hints.resources().registerPattern("dev/resque/core/redis/lua/lib/*.lua");
	}

}
