package dev.resque.core.redis;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The one place that knows the Redis key layout shared with Ruby Resque, resque-scheduler and node-resque. Every
 * key lives under a namespace ({@code resque} by default); parts that are empty or blank are dropped, as
 * node-resque does, so an empty namespace yields bare keys. Scripts are given every key in {@code KEYS} and every
 * member in {@code ARGV}, built here; none builds a key itself.
 * <p>
 * What each operation runs, with {@code ns} the namespace (every multi-command step is one Lua script, so it is
 * atomic):
 * <pre class="code">
 * enqueue          SADD ns:queues q; RPUSH ns:queue:q payload; PUBLISH ns:wakeup q
 * enqueueAt        SISMEMBER ns:timestamps:payload delayed:ts (stop if there);
 *                  RPUSH ns:delayed:ts payload; SADD ns:timestamps:payload delayed:ts;
 *                  ZADD ns:delayed_queue_schedule ts ts
 * take a job       GET ns:worker:id; SCARD ns:paused_queues (then SISMEMBER for each queue when any is paused);
 *                  LPOP ns:queue:q (each queue in order that is not paused, until one gives a job);
 *                  SET ns:worker:id {"run_at","queue","worker","payload"}
 * finish a job     INCR ns:stat:processed, ns:stat:processed:id (or ns:stat:failed, ns:stat:failed:id and
 *                  RPUSH ns:failed record); DEL ns:worker:id (then the next take, in the same script)
 * register         SADD ns:workers id; SET ns:worker:id:started time; SET ns:worker:ping:name ping;
 *                  HSET ns:workers:heartbeat id time (ping repeats the last three and the SADD)
 * lead             SET ns:resque_scheduler_leader_lock name NX EX t, or EXPIRE it when owned; the same on
 *                  ns:ns:resque_scheduler_master_lock
 * move delayed     ZRANGEBYSCORE ns:delayed_queue_schedule -inf now; LRANGE ns:delayed:ts; per job:
 *                  LREM ns:delayed:ts 1 payload; SADD ns:queues q; RPUSH ns:queue:q payload;
 *                  SREM ns:timestamps:payload delayed:ts; then DEL ns:delayed:ts and ZREM the schedule when empty
 * clean a worker   GET ns:worker:ping:name; GET ns:worker:id; LPUSH ns:queue:q payload (or RPUSH ns:failed);
 *                  SREM ns:workers id; DEL its started, ping, record and per-worker counters; HDEL heartbeat
 * recurring        HSET ns:schedule_last_fired name ts; SET ns:schedule_fired:name:ts 1 NX EX t; then as enqueue
 * retry failed     LREM ns:failed 1 record; then as enqueue
 * cancel           DEL ns:delayed... as remove delayed; LREM ns:queue:q 0 payload; PUBLISH ns:cancel payload; a worker
 *                  running it records INCR ns:stat:cancelled and DEL ns:worker:id instead of an outcome
 * statistics       at each ping, for the outcomes counted since: HINCRBY ns:stats:day:<date> and
 *                  ns:stats:minute:<date>T<hh:mm> outcome and outcome:q (EXPIRE when the period has no TTL yet)
 * queue limits     in the take: ZREMRANGEBYSCORE and ZCARD of ns:limit:slots:q (lapsed leases out) and of
 *                  ns:limit:rate:q (takes older than the window out); on a take ZADD each, PEXPIRE; on the
 *                  finish ZREM ns:limit:slots:q worker; pings renew held slots (ZADD XX)
 * pause / resume   SADD ns:paused_queues q / SREM ns:paused_queues q; PUBLISH ns:wakeup q
 * locks            SET ns:lock:job:q:args (queue lock) or ns:workerslock:job:q:args (job lock) NX EX t
 * retry counters   INCR ns:resque-retry:job:args; SET ns:failure-resque-retry:job:args error EX t
 * </pre>
 */
public final class ResqueKeys {

	/** The namespace Resque, node-resque and resque-web use unless told otherwise. */
	public static final String DEFAULT_NAMESPACE = "resque";

	private final String namespace;

	private final String prefix;

	public ResqueKeys(String namespace) {
		this.namespace = (namespace != null) ? namespace.trim() : "";
		this.prefix = this.namespace.isEmpty() ? "" : this.namespace + ":";
	}

	public static ResqueKeys defaults() {
		return new ResqueKeys(DEFAULT_NAMESPACE);
	}

	public String namespace() {
		return this.namespace;
	}

	/**
	 * The hash tag every key of the namespace is hashed by on a Redis Cluster ({@code resque} for the namespace
	 * {@code {resque}}), or null when the namespace has none and its keys spread over the cluster's slots. As Redis
	 * reads it: the text between the first {@code {} and the first {@code }} after it, when that is not empty.
	 */
	public @Nullable String hashTag() {
		int open = this.namespace.indexOf('{');
		int close = (open < 0) ? -1 : this.namespace.indexOf('}', open + 1);
		return (close > open + 1) ? this.namespace.substring(open + 1, close) : null;
	}

	/** {@code <ns>:} (empty for an empty namespace): strip it to get a key's logical name. */
	public String prefix() {
		return this.prefix;
	}

	/** Joins the namespace and the parts with {@code :}, dropping blank parts. */
	public String key(String... parts) {
		List<String> kept = new ArrayList<>(parts.length + 1);
		if (!this.namespace.isEmpty()) {
			kept.add(this.namespace);
		}
		for (String part : parts) {
			if (part != null && !part.isBlank()) {
				kept.add(part);
			}
		}
		return String.join(":", kept);
	}

	/** The logical name of a namespaced key: {@code resque:lock:a} gives {@code lock:a}. */
	public String strip(String key) {
		return key.startsWith(this.prefix) ? key.substring(this.prefix.length()) : key;
	}

	public String queues() {
		return key("queues");
	}

	public String queue(String queue) {
		return key("queue", queue);
	}

	/** {@code <ns>:queue:}, which a batch's callback completes with its queue's name when it fires. */
	public String queuePrefix() {
		return key("queue") + ":";
	}

	/** The workers running a job of a queue with a concurrency limit, by lease expiry (a sorted set). */
	public String queueSlots(String queue) {
		return key("limit", "slots", queue);
	}

	/**
	 * A day's counters (a hash: {@code processed}, {@code failed}, {@code cancelled}, and each per queue as
	 * {@code processed:<queue>}), {@code stats:day:2026-12-02} by UTC date.
	 */
	public String dayStats(String isoDate) {
		return key("stats", "day", isoDate);
	}

	/** A minute's counters, as {@link #dayStats} but for {@code stats:minute:2026-12-02T10:15} (UTC). */
	public String minuteStats(String isoMinute) {
		return key("stats", "minute", isoMinute);
	}

	/** The workers running a job whose name has a concurrency limit, by lease expiry (a sorted set). */
	public String jobSlots(String job) {
		return key("limit", "job", job);
	}

	/** Recent takes from a queue with a rate limit, by time (a sorted set). */
	public String queueRate(String queue) {
		return key("limit", "rate", queue);
	}

	/**
	 * A tracked job's status (a hash: {@code state}, {@code class}, {@code queue}, {@code enqueued_at},
	 * {@code attempts}, {@code worker}, {@code started_at}, {@code finished_at}, {@code error}, {@code progress}...),
	 * by the id its payload carries; it expires after the history retention once the job has ended.
	 */
	public String job(String id) {
		return key("job", id);
	}

	/**
	 * {@code <ns>:job:}, which scripts complete with the id they find at the end of a payload they pop: the key of
	 * a job taken from a queue cannot be known before it is taken.
	 */
	public String jobPrefix() {
		return key("job") + ":";
	}

	/**
	 * A batch (a hash: {@code total}, {@code pending}, {@code succeeded}, {@code failed}, {@code sealed}, its
	 * callbacks and when they fired), under the job keys so that the finish script reaches it from
	 * {@link #jobPrefix()}: {@code <ns>:job:batch:<id>} (no job id is {@code batch}).
	 */
	public String batch(String batchId) {
		return key("job", "batch", batchId);
	}

	/** The JSON Schema a job's {@code perform} parameters publish: {@code <ns>:schemas:<job>}. */
	public String schema(String job) {
		return key("schemas", job);
	}

	/** What every contract key starts with, {@code <ns>:schemas:}. */
	public String schemaPrefix() {
		return key("schemas") + ":";
	}

	/** What every batch key starts with, {@code <ns>:job:batch:}. */
	public String batchPrefix() {
		return key("job", "batch") + ":";
	}

	/** The ended tracked jobs by the time they ended (a sorted set of ids), pruned to the history's caps. */
	public String history() {
		return key("history");
	}

	/**
	 * The id of the job scheduled at a second with a payload (a string): delayed entries carry no id, so that they
	 * stay byte for byte what resque-scheduler writes and finds; the scheduler adds the id when it queues the job.
	 */
	public String delayedId(long second, String payloadDigest) {
		return key("delayed_id", Long.toString(second), payloadDigest);
	}

	/**
	 * resque-scheduler's dynamic schedules (a hash: name to its JSON config), which every scheduler reads, ours and
	 * a dynamic Ruby one.
	 */
	public String persistentSchedules() {
		return key("persistent_schedules");
	}

	/** The names of dynamic schedules changed since a Ruby scheduler last reloaded them (a set). */
	public String schedulesChanged() {
		return key("schedules_changed");
	}

	/** The schedules our schedulers do not fire until they are resumed (a set of names). */
	public String pausedSchedules() {
		return key("paused_schedules");
	}

	/** The queues our workers pass over until they are resumed (a set of queue names). */
	public String pausedQueues() {
		return key("paused_queues");
	}

	public String queuePattern() {
		return key("queue") + ":*";
	}

	public String failed() {
		return key("failed");
	}

	public String processed() {
		return key("stat", "processed");
	}

	public String failedCount() {
		return key("stat", "failed");
	}

	public String processed(String worker) {
		return key("stat", "processed", worker);
	}

	public String failedCount(String worker) {
		return key("stat", "failed", worker);
	}

	public String statPattern() {
		return key("stat") + ":*";
	}

	public String workers() {
		return key("workers");
	}

	/** The working-on record of a worker, by its registration id {@code <name>:<queuesCsv>}. */
	public String worker(String workerId) {
		return key("worker", workerId);
	}

	public String workerStarted(String workerId) {
		return key("worker", workerId, "started");
	}

	public String workerPing(String workerName) {
		return key("worker", "ping", workerName);
	}

	/** The worker name in a ping key: {@code resque:worker:ping:host:1-ab+1} gives {@code host:1-ab+1}. */
	public String workerNameOfPing(String pingKey) {
		String prefix = key("worker", "ping") + ":";
		return pingKey.startsWith(prefix) ? pingKey.substring(prefix.length()) : pingKey;
	}

	public String workerPingPattern() {
		return key("worker", "ping") + ":*";
	}

	/** What a process running our workers says of itself ({@code host:pid-incarnation}), for the dashboard. */
	public String process(String processId) {
		return key("process", processId);
	}

	/** Ruby Resque's heartbeat hash, kept so that Ruby workers do not prune ours as dead. */
	public String heartbeats() {
		return key("workers", "heartbeat");
	}

	public String delayedSchedule() {
		return key("delayed_queue_schedule");
	}

	public String delayed(long epochSecond) {
		return key("delayed", Long.toString(epochSecond));
	}

	/** The member of a {@code timestamps:} set for a timestamp: it carries no namespace. */
	public static String delayedMember(long epochSecond) {
		return "delayed:" + epochSecond;
	}

	/** The second a {@code delayed:<ts>} member names, or {@code null} when it names none. */
	public static @Nullable Long secondOfDelayedMember(String member) {
		try {
			return Long.parseLong(member.substring(member.lastIndexOf(':') + 1));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	public String timestamps(String payload) {
		return key("timestamps", payload);
	}

	public String leaderLock() {
		return key("resque_scheduler_leader_lock");
	}

	/**
	 * resque-scheduler's leader lock, {@code <ns>:<ns>:resque_scheduler_master_lock}: it builds the key with the
	 * namespace and its namespaced client adds the namespace again.
	 */
	public String rubySchedulerLock() {
		return key(this.namespace, "resque_scheduler_master_lock");
	}

	/** {@code @QueueLock}'s key, node-resque's {@code lock:<job>:<queue>:<args as JSON>}. */
	public String queueLock(String job, String queue, String argsJson) {
		return key("lock", job, queue, argsJson);
	}

	/** {@code @JobLock}'s key, node-resque's {@code workerslock:<job>:<queue>:<args as JSON>}. */
	public String jobLock(String job, String queue, String argsJson) {
		return key("workerslock", job, queue, argsJson);
	}

	/**
	 * node-resque's Retry attempt counter, {@code resque-retry:<job>:<args joined by ->}, with the first whitespace
	 * removed as node-resque removes it.
	 */
	public String retryAttempts(String job, String joinedArgs) {
		return key("resque-retry", job, joinedArgs).replaceFirst("\\s", "");
	}

	/** node-resque's Retry last failure, {@code failure-resque-retry:<job>:<args joined by ->}. */
	public String retryFailure(String job, String joinedArgs) {
		return key("failure-resque-retry:" + job + ":" + joinedArgs).replaceFirst("\\s", "");
	}

	/**
	 * resque-retry's attempt counter, {@code resque-retry:<class>[:<identifier>]} with all whitespace removed, the
	 * identifier being the SHA-1 of the args joined by {@code -} (none for a job without arguments).
	 */
	public String rubyRetryAttempts(String job, @Nullable String identifier) {
		return key("resque-retry", job, identifier).replaceAll("\\s", "");
	}

	/** resque-retry's last failure, {@code failure-} before its attempt counter's name. */
	public String rubyRetryFailure(String job, @Nullable String identifier) {
		return key("failure-" + strip(rubyRetryAttempts(job, identifier)));
	}

	public String queueLockPattern() {
		return key("lock") + ":*";
	}

	public String jobLockPattern() {
		return key("workerslock") + ":*";
	}

	/** Marks a firing of a recurring job as enqueued, so that it is enqueued once. */
	public String scheduleFiring(String schedule, long epochSecond) {
		return key("schedule_fired", schedule, Long.toString(epochSecond));
	}

	/** When each recurring job last fired, by name. */
	public String scheduleLastFired() {
		return key("schedule_last_fired");
	}

	/** Jobs cancelled while they ran, ever (our own counter: Resque's peers do not cancel). */
	public String cancelledCount() {
		return key("stat", "cancelled");
	}

	/** Attempts whose outcome was not recorded because their job had been taken again meanwhile (our counter). */
	public String supersededCount() {
		return key("stat", "superseded");
	}

	/** The pub/sub channel on which a cancellation names a job to stop, for every instance's workers. */
	public String cancelChannel() {
		return key("cancel");
	}

	/** The pub/sub channel our enqueues publish on so that idle workers wake at once. */
	public String wakeUpChannel() {
		return key("wakeup");
	}

}
