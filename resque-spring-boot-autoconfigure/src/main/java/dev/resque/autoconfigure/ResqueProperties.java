package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.resque.core.redis.ResqueKeys;

/**
 * Configuration of Spring Resque ({@code resque.*}). The Redis connection is Spring Boot's own
 * ({@code spring.data.redis.*}).
 */
@ConfigurationProperties("resque")
public class ResqueProperties {

	/**
	 * Prefix of every Redis key. Ruby Resque, resque-web and node-resque use "resque" unless told otherwise. On
	 * Redis Cluster use a hash-tagged namespace such as "{resque}" so that a job's keys share a slot.
	 */
	private String namespace = ResqueKeys.DEFAULT_NAMESPACE;

	private final Worker worker = new Worker();

	public Worker getWorker() {
		return this.worker;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	/** Workers of this application. */
	public static class Worker {

		/**
		 * Whether this application runs workers. Turn it off for an application that only enqueues.
		 */
		private boolean enabled = true;

		/**
		 * Queues in priority order: a worker always empties a queue before it looks at the next. "*" works every
		 * queue, in alphabetical order.
		 */
		private List<String> queues = new ArrayList<>(List.of("*"));

		/**
		 * Worker threads, each a registered Resque worker. Defaults to the number of processors.
		 */
		private Integer concurrency;

		/**
		 * How often an idle pool looks for jobs that arrived without a wake-up signal, such as jobs enqueued by
		 * other languages. Jobs enqueued by this library wake idle workers at once.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How often workers record that they are alive. The scheduler treats workers silent for longer than its
		 * stuck-worker timeout as dead.
		 */
		private Duration pingInterval = Duration.ofSeconds(5);

		/**
		 * Named pools, each with its own queues and concurrency. When set, they replace the single pool described
		 * by "queues" and "concurrency", whose values become the pools' defaults.
		 */
		private Map<String, Pool> pools = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getQueues() {
			return this.queues;
		}

		public void setQueues(List<String> queues) {
			this.queues = queues;
		}

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Map<String, Pool> getPools() {
			return this.pools;
		}

		public void setPools(Map<String, Pool> pools) {
			this.pools = pools;
		}

	}

	/** A named worker pool. */
	public static class Pool {

		/**
		 * Queues of this pool in priority order; "*" for every queue.
		 */
		private List<String> queues;

		/**
		 * Worker threads of this pool.
		 */
		private Integer concurrency;

		/**
		 * Poll interval of this pool.
		 */
		private Duration pollInterval;

		public List<String> getQueues() {
			return this.queues;
		}

		public void setQueues(List<String> queues) {
			this.queues = queues;
		}

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

}
