package dev.resque.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

import dev.resque.core.job.JobRegistry;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;

/**
 * Logs one INFO line saying what Resque runs in this application: its jobs, worker pools, scheduler, dashboard,
 * wire dialect and namespace. A lifecycle of the last phase, so it speaks once the workers and the scheduler
 * have started, in any application context (an {@code ApplicationReadyEvent} exists only under
 * {@code SpringApplication}).
 */
final class ResqueStartupSummary implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ResqueStartupSummary.class);

	/** Job names shown before the rest are only counted. */
	static final int MAX_NAMES = 10;

	/** The dashboard's controller bean, there only when the dashboard's auto-configuration served it. */
	private static final String DASHBOARD_BEAN = "resqueDashboardController";

	private final ResqueProperties properties;

	private final JobRegistry jobs;

	private final ListableBeanFactory beans;

	private final Environment environment;

	private volatile boolean running;

	ResqueStartupSummary(ResqueProperties properties, JobRegistry jobs, ListableBeanFactory beans,
			Environment environment) {
		this.properties = properties;
		this.jobs = jobs;
		this.beans = beans;
		this.environment = environment;
	}

	@Override
	public void start() {
		this.running = true;
		if (log.isInfoEnabled()) {
			log.info(summary());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	String summary() {
		List<String> parts = new ArrayList<>();
		parts.add(jobs(this.jobs.names()));
		parts.add(workers());
		parts.add("scheduler " + (hasBean(ResqueScheduler.class) ? "on" : "off"));
		parts.add("dashboard " + (this.beans.containsBean(DASHBOARD_BEAN) ? dashboardPath() : "off"));
		parts.add("compatibility " + this.properties.getCompatibility().name().toLowerCase(Locale.ROOT));
		parts.add("namespace " + this.properties.getNamespace());
		if (!this.properties.getShards().isEmpty()) {
			parts.add("shards " + this.properties.getShards()
				.entrySet()
				.stream()
				.map((shard) -> shard.getKey() + " " + shard.getValue().getQueues())
				.collect(Collectors.joining(", ")));
		}
		if (this.properties.getMode() != ResqueProperties.Mode.REDIS) {
			parts.add("mode " + this.properties.getMode().name().toLowerCase(Locale.ROOT));
		}
		return "Resque ready: " + String.join("; ", parts);
	}

	static String jobs(Set<String> names) {
		String shown = names.stream().limit(MAX_NAMES).collect(Collectors.joining(", "));
		String more = (names.size() > MAX_NAMES) ? " and " + (names.size() - MAX_NAMES) + " more" : "";
		return names.size() + ((names.size() == 1) ? " job [" : " jobs [") + shown + more + "]";
	}

	private String workers() {
		if (!hasBean(ResqueWorkerContainer.class)) {
			return "workers off";
		}
		return "worker pools: " + ResqueWorkerConfiguration.pools(this.properties.getWorker())
			.stream()
			.map(ResqueStartupSummary::pool)
			.collect(Collectors.joining(", "));
	}

	private static String pool(WorkerPoolSettings pool) {
		return pool.name() + " " + pool.queues() + " concurrency " + pool.concurrency();
	}

	private String dashboardPath() {
		String path = trimmedPath(this.environment.getProperty("server.servlet.context-path", ""))
				+ trimmedPath(this.properties.getDashboard().getPath());
		return path.isEmpty() ? "/" : path;
	}

	/** {@code /path} for {@code path}, {@code /path/} and {@code /path}; empty for {@code /} and nothing. */
	private static String trimmedPath(String path) {
		String trimmed = path.trim().replaceAll("^/+|/+$", "");
		return trimmed.isEmpty() ? "" : "/" + trimmed;
	}

	private boolean hasBean(Class<?> type) {
		return this.beans.getBeanNamesForType(type, true, false).length > 0;
	}

}
