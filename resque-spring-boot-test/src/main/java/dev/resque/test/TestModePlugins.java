package dev.resque.test;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.plugin.DelayedJobs;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PluginSupport;
import dev.resque.core.plugin.ResquePlugin;
import dev.resque.core.redis.ResqueKeys;

/**
 * The application's plugins as the test modes run them: the same hooks in the same order as on a worker
 * (global plugins, the built-ins a job declares, its listed plugins), with the built-ins' locks and retry
 * counters in memory instead of Redis, on the mode's clock and schedule.
 */
public final class TestModePlugins {

	private static final TestModePlugins NONE = new TestModePlugins(new JobRegistry(), List.of(), (type) -> {
		throw new IllegalStateException("no plugins");
	}, new ResqueKeys("resque"), new JobCodec(WireDialect.NODE));

	private final JobRegistry registry;

	private final List<ResquePlugin> globals;

	private final Function<Class<? extends ResquePlugin>, ResquePlugin> beans;

	private final ResqueKeys keys;

	private final JobCodec codec;

	/**
	 * @param registry the application's jobs
	 * @param globals plugins for every job
	 * @param beans finds the plugin a job lists by its type (a bean)
	 * @param keys names the locks and counters, as in Redis
	 * @param codec writes the arguments into those names
	 */
	public TestModePlugins(JobRegistry registry, List<ResquePlugin> globals,
			Function<Class<? extends ResquePlugin>, ResquePlugin> beans, ResqueKeys keys, JobCodec codec) {
		this.registry = registry;
		this.globals = List.copyOf(globals);
		this.beans = beans;
		this.keys = keys;
		this.codec = codec;
	}

	/** No plugins run: {@code resque.test.plugins=false}. */
	public static TestModePlugins none() {
		return NONE;
	}

	/** The plugins of one mode: with its schedule of delayed jobs and its clock, each with locks of its own. */
	JobPlugins forMode(DelayedJobs delayed, Clock clock) {
		if (this == NONE) {
			return JobPlugins.none();
		}
		return new JobPlugins(this.registry, this.globals, this.beans,
				new PluginSupport(new MemoryPluginStore(clock), this.keys, this.codec, delayed, clock));
	}

}
