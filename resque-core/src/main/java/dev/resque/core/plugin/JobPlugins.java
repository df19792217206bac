package dev.resque.core.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;

/**
 * The plugins of each job, in the order they run: global plugins, the built-ins the job's class declares by
 * annotation, then the plugins its {@code @ResqueJob} lists. Jobs this application does not know get the global
 * plugins only.
 */
public final class JobPlugins {

	private static final Logger log = LoggerFactory.getLogger(JobPlugins.class);

	private static final JobPlugins NONE = new JobPlugins(new JobRegistry(), List.of(), (type) -> {
		throw new IllegalStateException("no plugins");
	}, null);

	private final JobRegistry registry;

	private final List<ResquePlugin> globals;

	private final Function<Class<? extends ResquePlugin>, ResquePlugin> beans;

	private final PluginSupport support;

	private final Map<String, List<ResquePlugin>> byJob = new ConcurrentHashMap<>();

	/**
	 * @param registry the application's jobs
	 * @param globals plugins for every job
	 * @param beans finds the plugin a job lists by its type (a bean)
	 * @param support what the built-in plugins work with
	 */
	public JobPlugins(JobRegistry registry, List<ResquePlugin> globals,
			Function<Class<? extends ResquePlugin>, ResquePlugin> beans, PluginSupport support) {
		this.registry = registry;
		this.globals = List.copyOf(globals);
		this.beans = beans;
		this.support = support;
	}

	/**
	 * The global plugins among plugin beans: those annotated {@link GlobalResquePlugin} (on the bean's class, seen
	 * through a proxy), in the order given.
	 */
	public static List<ResquePlugin> globalsAmong(Stream<ResquePlugin> plugins) {
		return plugins
			.filter((plugin) -> AnnotatedElementUtils.hasAnnotation(AopUtils.getTargetClass(plugin), GlobalResquePlugin.class))
			.toList();
	}

	/** No plugins at all. */
	public static JobPlugins none() {
		return NONE;
	}

	/** The plugins of a job, by its name. */
	public List<ResquePlugin> forJob(String name) {
		List<ResquePlugin> plugins = this.byJob.get(name);
		if (plugins != null) {
			return plugins;
		}
		// names of jobs not registered here (foreign payloads) are not kept: the map holds registered jobs only
		return this.registry.find(name)
			.map((job) -> this.byJob.computeIfAbsent(name, (jobName) -> resolve(job.definition())))
			.orElse(this.globals);
	}

	/**
	 * Runs the {@code beforeEnqueue} hooks in order; the first {@code false} stops them.
	 * @return whether the job may be enqueued
	 */
	public boolean beforeEnqueue(EnqueueContext context) {
		for (ResquePlugin plugin : forJob(context.job().name())) {
			if (!plugin.beforeEnqueue(context)) {
				return false;
			}
		}
		return true;
	}

	public void afterEnqueue(EnqueueContext context) {
		for (ResquePlugin plugin : forJob(context.job().name())) {
			plugin.afterEnqueue(context);
		}
	}

	/**
	 * Performs a job between its perform hooks, as workers and the test modes do: {@code beforePerform} in order
	 * (the first {@code false} drops the job), the job itself, then {@code afterPerform} for each plugin whose
	 * {@code beforePerform} let it through, which may clear the failure, schedule a retry or fail the job.
	 * @return how it went: its result or failure, and a retry if one was scheduled; {@code null} when a hook dropped
	 * the job (it was not performed)
	 */
	public @Nullable PerformContext perform(Job job, String worker, Performance performance) {
		return perform(job, worker, null, performance);
	}

	/** As {@link #perform(Job, String, Performance)}, for a tracked job: its retries keep its id. */
	public @Nullable PerformContext perform(Job job, String worker, @Nullable String jobId, Performance performance) {
		PerformContext run = new PerformContext(job, worker, jobId);
		List<ResquePlugin> plugins = forJob(job.name());
		List<ResquePlugin> passed = new ArrayList<>(plugins.size());
		try {
			for (ResquePlugin plugin : plugins) {
				if (!plugin.beforePerform(run)) {
					log.debug("Job {} from queue {} was dropped by plugin {}", job.name(), job.queue(), plugin);
					return null;
				}
				passed.add(plugin);
			}
			run.result(performance.perform());
		}
		catch (Throwable ex) {
			run.failure(ex);
		}
		for (ResquePlugin plugin : passed) {
			try {
				plugin.afterPerform(run);
			}
			catch (Throwable ex) {
				run.failure(ex);
			}
		}
		return run;
	}

	/** The job itself, performed once its {@code beforePerform} hooks let it through. */
	@FunctionalInterface
	public interface Performance {

		@Nullable Object perform() throws Throwable;

	}

	private List<ResquePlugin> resolve(JobDefinition definition) {
		List<ResquePlugin> plugins = new ArrayList<>(this.globals);
		Class<?> type = definition.type();
		if (AnnotatedElementUtils.hasAnnotation(type, DelayQueueLock.class)) {
			plugins.add(new DelayQueueLockPlugin(this.support));
		}
		QueueLock queueLock = AnnotatedElementUtils.findMergedAnnotation(type, QueueLock.class);
		if (queueLock != null) {
			plugins.add(new QueueLockPlugin(this.support, queueLock));
		}
		JobLock jobLock = AnnotatedElementUtils.findMergedAnnotation(type, JobLock.class);
		if (jobLock != null) {
			plugins.add(new JobLockPlugin(this.support, jobLock));
		}
		Retry retry = AnnotatedElementUtils.findMergedAnnotation(type, Retry.class);
		if (retry != null) {
			plugins.add(new RetryPlugin(this.support, retry));
		}
		for (Class<? extends ResquePlugin> pluginType : definition.plugins()) {
			plugins.add(this.beans.apply(pluginType));
		}
		return List.copyOf(plugins);
	}

}
