package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

/**
 * What {@code resque.*} values must be, checked when they are bound: a value that cannot work stops startup with
 * Spring Boot's report of the property, its value, where it was set and why. Settings that depend on the jobs
 * (schedules, job classes) are checked later, when those are known.
 */
final class ResquePropertiesRules {

	private ResquePropertiesRules() {
	}

	static void check(ResqueProperties properties, Errors errors) {
		String namespace = properties.getNamespace();
		if (!StringUtils.hasText(namespace) || StringUtils.containsWhitespace(namespace)) {
			errors.rejectValue("namespace", "namespace", "must be a key prefix without spaces, such as \"resque\"");
		}
		if (properties.getReconnectMaxDelay().isNegative()) {
			errors.rejectValue("reconnectMaxDelay", "negative", "must be zero (Lettuce's own back-off) or more");
		}
		ResqueProperties.Worker worker = properties.getWorker();
		queues(errors, "worker.queues", worker.getQueues());
		atLeastOne(errors, "worker.concurrency", worker.getConcurrency());
		positive(errors, "worker.pollInterval", worker.getPollInterval());
		positive(errors, "worker.pingInterval", worker.getPingInterval());
		positive(errors, "worker.jobTimeout", worker.getJobTimeout());
		if (worker.getJobTimeoutGrace().isNegative()) {
			errors.rejectValue("worker.jobTimeoutGrace", "negative", "must be zero or more");
		}
		if (worker.getMaxPayloadSize().toBytes() <= 0) {
			errors.rejectValue("worker.maxPayloadSize", "positive", "must be more than 0 bytes");
		}
		weights(errors, "worker.weights", worker.getWeights());
		for (Map.Entry<String, ResqueProperties.Pool> pool : worker.getPools().entrySet()) {
			String path = "worker.pools[" + pool.getKey() + "].";
			if (pool.getValue().getQueues() != null) {
				queues(errors, path + "queues", pool.getValue().getQueues());
			}
			atLeastOne(errors, path + "concurrency", pool.getValue().getConcurrency());
			positive(errors, path + "pollInterval", pool.getValue().getPollInterval());
			if (pool.getValue().getWeights() != null) {
				weights(errors, path + "weights", pool.getValue().getWeights());
			}
		}
		for (Map.Entry<String, ResqueProperties.QueueLimits> queue : properties.getQueues().entrySet()) {
			String path = "queues[" + queue.getKey() + "].";
			atLeastOne(errors, path + "maxConcurrency", queue.getValue().getMaxConcurrency(), "jobs at once");
			atLeastOne(errors, path + "rateLimit", queue.getValue().getRateLimit(), "jobs per rate-period");
			if (queue.getValue().getRatePeriod() == null || queue.getValue().getRatePeriod().toMillis() < 1) {
				errors.rejectValue(path + "ratePeriod", "positive", "must be 1 ms or longer");
			}
		}
		if (properties.getFailed().getMaxEntries() != null && properties.getFailed().getMaxEntries() < 1) {
			errors.rejectValue("failed.maxEntries", "min", "must be at least 1, or unset for no cap");
		}
		if (properties.getTracking().getPendingRetention() == null
				|| properties.getTracking().getPendingRetention().toSeconds() < 1) {
			errors.rejectValue("tracking.pendingRetention", "positive", "must be a second or longer");
		}
		if (properties.getHistory().getRetention() == null || properties.getHistory().getRetention().toSeconds() < 1) {
			errors.rejectValue("history.retention", "positive", "must be a second or longer");
		}
		if (properties.getHistory().getMaxEntries() < 0) {
			errors.rejectValue("history.maxEntries", "min", "must not be negative (0 keeps no ended job)");
		}
		if (properties.getStats().getDayRetention().toSeconds() < 1) {
			errors.rejectValue("stats.dayRetention", "positive", "must be a second or longer");
		}
		if (properties.getStats().getMinuteRetention().toSeconds() < 1) {
			errors.rejectValue("stats.minuteRetention", "positive", "must be a second or longer");
		}
		ResqueProperties.Scheduler scheduler = properties.getScheduler();
		positive(errors, "scheduler.pollInterval", scheduler.getPollInterval());
		if (scheduler.getLeaderLockTimeout().compareTo(scheduler.getPollInterval().multipliedBy(2)) < 0) {
			errors.rejectValue("scheduler.leaderLockTimeout", "renewal",
					"must be at least twice resque.scheduler.poll-interval (" + scheduler.getPollInterval()
							+ "), at which the leader renews it; else leadership lapses between renewals");
		}
		if (scheduler.getStuckWorkerTimeout().compareTo(worker.getPingInterval()) <= 0) {
			errors.rejectValue("scheduler.stuckWorkerTimeout", "pings",
					"must be longer than resque.worker.ping-interval (" + worker.getPingInterval()
							+ "); else live workers are taken for dead between two pings");
		}
		ResqueProperties.Health health = properties.getHealth();
		positive(errors, "health.timeout", health.getTimeout());
		if (properties.getReplication().getWaitForReplicas() < 0) {
			errors.rejectValue("replication.waitForReplicas", "negative", "must be 0 (no wait) or more");
		}
		positive(errors, "replication.waitTimeout", properties.getReplication().getWaitTimeout());
		if (health.getFailedThreshold() != null && health.getFailedThreshold() < 0) {
			errors.rejectValue("health.failedThreshold", "negative", "must be 0 or more");
		}
		shards(properties, errors);
		ResqueProperties.Dashboard dashboard = properties.getDashboard();
		String path = dashboard.getPath();
		// slashes around it are optional (they are added or dropped), but the root would take over every page
		if (path == null || path.replace("/", "").isEmpty() || StringUtils.containsWhitespace(path)) {
			errors.rejectValue("dashboard.path", "path", "must be a path below the root without spaces, such as \"/resque\"");
		}
		if (!StringUtils.hasText(dashboard.getRole())) {
			errors.rejectValue("dashboard.role", "role", "must name the role a user needs, such as RESQUE_ADMIN");
		}
	}

	/**
	 * Each queue lives on one shard, named plainly; a shard on the application's Redis has a namespace no other
	 * shard there has.
	 */
	private static void shards(ResqueProperties properties, Errors errors) {
		Map<String, String> owners = new HashMap<>();
		Map<String, String> sharedNamespaces = new HashMap<>();
		sharedNamespaces.put(properties.getNamespace(), "the application's own queues");
		for (Map.Entry<String, ResqueProperties.Shard> entry : properties.getShards().entrySet()) {
			String path = "shards[" + entry.getKey() + "].";
			ResqueProperties.Shard shard = entry.getValue();
			if (ResqueShards.DEFAULT.equals(entry.getKey())) {
				errors.rejectValue("shards", "reserved", "\"" + ResqueShards.DEFAULT + "\" names the application's own "
						+ "Redis; give the shard another name");
			}
			if (shard.getQueues().isEmpty()) {
				errors.rejectValue(path + "queues", "empty", "must list the queues that live on this shard");
			}
			for (String queue : shard.getQueues()) {
				if (!StringUtils.hasText(queue) || queue.contains("*") || queue.contains(",")) {
					errors.rejectValue(path + "queues", "name", "must name queues plainly (no \"*\", no commas): \""
							+ queue + "\"");
				}
				String owner = owners.putIfAbsent(queue, entry.getKey());
				if (owner != null && !owner.equals(entry.getKey())) {
					errors.rejectValue(path + "queues", "twice", "queue \"" + queue + "\" is also listed by shard "
							+ owner + "; a queue lives on one shard");
				}
			}
			if (!shard.hasConnection() && shard.hasConnectionDetails()) {
				errors.rejectValue(path + "host", "missing", "must be set (or url) for the shard's port, database, "
						+ "username, password or ssl to mean anything; without either the shard uses the "
						+ "application's Redis");
			}
			String namespace = (shard.getNamespace() != null) ? shard.getNamespace() : properties.getNamespace();
			boolean validNamespace = StringUtils.hasText(namespace) && !StringUtils.containsWhitespace(namespace);
			if (!validNamespace) {
				errors.rejectValue(path + "namespace", "namespace", "must be a key prefix without spaces");
			}
			else if (!shard.hasConnection()) {
				String other = sharedNamespaces.putIfAbsent(namespace, "shard " + entry.getKey());
				if (other != null) {
					errors.rejectValue(path + "namespace", "shared", "is \"" + namespace + "\", as " + other
							+ " on the same Redis: set a url or host for the shard, or a namespace of its own");
				}
			}
			ResqueProperties.ShardSentinel sentinel = shard.getSentinel();
			if (sentinel.isSet() && (StringUtils.hasText(shard.getUrl()) || StringUtils.hasText(shard.getHost()))) {
				errors.rejectValue(path + "sentinel.master", "both", "names the shard's master through sentinels, so "
						+ "the shard's url and host must be left unset");
			}
			if (sentinel.isSet() && sentinel.getNodes().isEmpty()) {
				errors.rejectValue(path + "sentinel.nodes", "empty", "must list the sentinels (host:port) that know "
						+ "master " + sentinel.getMaster());
			}
			if (shard.getTimeout() == null || shard.getTimeout().toMillis() < 1) {
				errors.rejectValue(path + "timeout", "positive", "must be 1 ms or longer");
			}
		}
	}

	private static void queues(Errors errors, String field, @Nullable List<String> queues) {
		if (queues == null || queues.isEmpty()) {
			errors.rejectValue(field, "queues", "must name at least one queue, or \"*\" for every queue");
		}
		else if (queues.stream().anyMatch((queue) -> !StringUtils.hasText(queue))) {
			errors.rejectValue(field, "queues", "must not name an empty queue");
		}
	}

	private static void weights(Errors errors, String field, Map<String, Integer> weights) {
		weights.forEach((queue, weight) -> {
			if (weight == null || weight < 1) {
				errors.rejectValue(field + "[" + queue + "]", "min", "must be at least 1 (a queue's share of takes)");
			}
		});
	}

	private static void atLeastOne(Errors errors, String field, @Nullable Integer value) {
		atLeastOne(errors, field, value, "worker threads");
	}

	private static void atLeastOne(Errors errors, String field, @Nullable Integer value, String what) {
		if (value != null && value < 1) {
			errors.rejectValue(field, "min", "must be at least 1 (" + what + ")");
		}
	}

	private static void positive(Errors errors, String field, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			errors.rejectValue(field, "positive", "must be longer than zero");
		}
	}

}
