package dev.resque.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import dev.resque.core.codec.WireDialect;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.ReplicaWait;
import dev.resque.core.worker.StuckJobAction;

/**
 * Configuration of Spring Resque ({@code resque.*}). The Redis connection is Spring Boot's own
 * ({@code spring.data.redis.*}). Values are validated as they are bound ({@link ResquePropertiesRules}), with no
 * Bean Validation provider needed: Spring Boot validates properties that are a {@link Validator} themselves.
 */
@ConfigurationProperties("resque")
@Validated
public class ResqueProperties implements Validator {

	/**
	 * Prefix of every Redis key. Ruby Resque, resque-web and node-resque use "resque" unless told otherwise. On
	 * Redis Cluster use a hash-tagged namespace such as "{resque}" so that a job's keys share a slot.
	 */
	private String namespace = "resque";

	/**
	 * How jobs are handled: "redis" (the real thing), or for tests "inline" (enqueue performs the job at once in
	 * the caller's thread) or "fake" (jobs are kept in memory to be asserted and drained); the test modes need
	 * resque-spring-boot-test and run no workers or scheduler.
	 */
	private Mode mode = Mode.REDIS;

	/**
	 * Whose bytes to write on this namespace: "node" (node-resque's payload field order and number forms, the
	 * default) or "ruby" (Ruby Resque's and resque-scheduler's, so that Ruby's lookups by value find our jobs).
	 * Both are always read.
	 */
	private WireDialect compatibility = WireDialect.NODE;

	/**
	 * Whether startup fails when Redis cannot be reached. By default the application starts, health is DOWN, and
	 * workers and scheduler begin once Redis answers.
	 */
	private boolean failFast;

	/**
	 * Longest wait between two reconnect attempts of Lettuce (the client resources Spring Boot builds), so that
	 * workers resume within seconds of Redis being back. Zero leaves Lettuce's own back-off (up to 30 s).
	 */
	private Duration reconnectMaxDelay = Duration.ofSeconds(2);

	private final Worker worker = new Worker();

	private final Scheduler scheduler = new Scheduler();

	private final Health health = new Health();

	private final Dashboard dashboard = new Dashboard();

	private final Test test = new Test();

	private final Stats stats = new Stats();

	private final Failed failed = new Failed();

	private final Tracking tracking = new Tracking();

	private final Contracts contracts = new Contracts();

	private final Replication replication = new Replication();

	private final History history = new History();

	/**
	 * Limits of queues, by queue name, held together by every instance's workers that are given them: how many
	 * jobs of the queue may run at once, and how many may be taken within a period.
	 */
	private Map<String, QueueLimits> queues = new LinkedHashMap<>();

	/**
	 * Recurring jobs by name, enqueued by the elected scheduler on a cron expression or at a fixed interval.
	 */
	private Map<String, Schedule> schedules = new LinkedHashMap<>();

	/**
	 * Shards by name: queues that live on another Redis master (or, on one cluster, under another hash-tagged
	 * namespace), each shard a complete Resque namespace with its own workers and scheduler. Queues no shard lists
	 * stay on the application's Redis.
	 */
	private Map<String, Shard> shards = new LinkedHashMap<>();

	@Override
	public boolean supports(Class<?> type) {
		return ResqueProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ResquePropertiesRules.check((ResqueProperties) target, errors);
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Duration getReconnectMaxDelay() {
		return this.reconnectMaxDelay;
	}

	public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
		this.reconnectMaxDelay = reconnectMaxDelay;
	}

	public WireDialect getCompatibility() {
		return this.compatibility;
	}

	public void setCompatibility(WireDialect compatibility) {
		this.compatibility = compatibility;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Scheduler getScheduler() {
		return this.scheduler;
	}

	public Map<String, QueueLimits> getQueues() {
		return this.queues;
	}

	public void setQueues(Map<String, QueueLimits> queues) {
		this.queues = queues;
	}

	public Failed getFailed() {
		return this.failed;
	}

	public Stats getStats() {
		return this.stats;
	}

	public Tracking getTracking() {
		return this.tracking;
	}

	public Replication getReplication() {
		return this.replication;
	}

	public Contracts getContracts() {
		return this.contracts;
	}

	public History getHistory() {
		return this.history;
	}

	/** The tracking of each job this application enqueues, by the id its payload carries. */
	JobTracking toJobTracking() {
		return new JobTracking(this.tracking.isEnabled(), this.tracking.getPendingRetention(),
				this.history.getRetention(), this.history.getMaxEntries());
	}

	public Test getTest() {
		return this.test;
	}

	public Health getHealth() {
		return this.health;
	}

	public Dashboard getDashboard() {
		return this.dashboard;
	}

	public Map<String, Schedule> getSchedules() {
		return this.schedules;
	}

	public void setSchedules(Map<String, Schedule> schedules) {
		this.schedules = schedules;
	}

	public Map<String, Shard> getShards() {
		return this.shards;
	}

	public void setShards(Map<String, Shard> shards) {
		this.shards = shards;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	/**
	 * Workers of this application. Their threads are virtual threads when "spring.threads.virtual.enabled" is set
	 * on Java 21 or later, else platform threads; a {@link ResqueWorkerContainerCustomizer} bean may give the
	 * container a thread factory of its own.
	 */
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
		 * Whether worker threads are virtual threads, whatever spring.threads.virtual.enabled says. Needs Java 21 or
		 * later: on an older runtime startup fails, saying so.
		 */
		private boolean virtualThreads;

		/**
		 * Payloads bigger than this go to the failed queue without being decoded, so that one huge job cannot take
		 * the heap of every worker that tries it.
		 */
		private DataSize maxPayloadSize = DataSize.ofMegabytes(16);

		/**
		 * How workers order their queues for each take: "strict" (a queue is emptied before the next is looked at,
		 * as in Resque) or "weighted" (the order is drawn for each take in proportion to the weights, so that no
		 * queue starves while others are busy).
		 */
		private QueueOrderMode queueOrder = QueueOrderMode.STRICT;

		/** Weights of the queues for the "weighted" queue order (1 or more; unlisted queues weigh 1). */
		private Map<String, Integer> weights = new LinkedHashMap<>();

		/**
		 * How long a job may run when its @ResqueJob sets no timeout; none unless set. Past it the job's thread is
		 * interrupted and the job fails with JobTimeoutException, which retry plugins see like any failure.
		 */
		private Duration jobTimeout;

		/**
		 * How long a job may go on after the interrupt of its timeout. Past that its worker is given up on as hung:
		 * the job is handled by resque.scheduler.stuck-job-action, a new worker takes the hung one's place, and
		 * health reports the hung thread until it ends.
		 */
		private Duration jobTimeoutGrace = Duration.ofSeconds(5);

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

		public DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public QueueOrderMode getQueueOrder() {
			return this.queueOrder;
		}

		public void setQueueOrder(QueueOrderMode queueOrder) {
			this.queueOrder = queueOrder;
		}

		public Map<String, Integer> getWeights() {
			return this.weights;
		}

		public void setWeights(Map<String, Integer> weights) {
			this.weights = weights;
		}

		public Duration getJobTimeout() {
			return this.jobTimeout;
		}

		public void setJobTimeout(Duration jobTimeout) {
			this.jobTimeout = jobTimeout;
		}

		public Duration getJobTimeoutGrace() {
			return this.jobTimeoutGrace;
		}

		public void setJobTimeoutGrace(Duration jobTimeoutGrace) {
			this.jobTimeoutGrace = jobTimeoutGrace;
		}

		public void setMaxPayloadSize(DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
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

		/**
		 * Queue order of this pool: "strict" or "weighted". Defaults to resque.worker.queue-order.
		 */
		private QueueOrderMode queueOrder;

		/**
		 * Queue weights of this pool for the "weighted" order. Default to resque.worker.weights.
		 */
		private Map<String, Integer> weights;

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

		public QueueOrderMode getQueueOrder() {
			return this.queueOrder;
		}

		public void setQueueOrder(QueueOrderMode queueOrder) {
			this.queueOrder = queueOrder;
		}

		public Map<String, Integer> getWeights() {
			return this.weights;
		}

		public void setWeights(Map<String, Integer> weights) {
			this.weights = weights;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/** The scheduler, elected leader among all instances through Redis. */
	public static class Scheduler {

		/**
		 * Whether this application takes part in the election and, when leader, moves delayed jobs, cleans up
		 * dead workers and fires recurring jobs.
		 */
		private boolean enabled = true;

		/**
		 * How often the scheduler tries for leadership and, as leader, looks for due jobs.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How long the leader lock lasts without renewal: a leader that dies is replaced after at most this long.
		 * The leader renews it on every poll, so it stays held against node-resque's scheduler too.
		 */
		private Duration leaderLockTimeout = Duration.ofSeconds(15);

		/**
		 * How long a worker may go without pinging before it is taken for dead and removed.
		 */
		private Duration stuckWorkerTimeout = Duration.ofSeconds(60);

		/**
		 * What happens to a dead worker's job: put back at the head of its queue, or moved to the failed queue.
		 */
		private StuckJobAction stuckJobAction = StuckJobAction.REQUEUE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getLeaderLockTimeout() {
			return this.leaderLockTimeout;
		}

		public void setLeaderLockTimeout(Duration leaderLockTimeout) {
			this.leaderLockTimeout = leaderLockTimeout;
		}

		public Duration getStuckWorkerTimeout() {
			return this.stuckWorkerTimeout;
		}

		public void setStuckWorkerTimeout(Duration stuckWorkerTimeout) {
			this.stuckWorkerTimeout = stuckWorkerTimeout;
		}

		public StuckJobAction getStuckJobAction() {
			return this.stuckJobAction;
		}

		public void setStuckJobAction(StuckJobAction stuckJobAction) {
			this.stuckJobAction = stuckJobAction;
		}

	}

	/** A recurring job. */
	public static class Schedule {

		/**
		 * Cron expression (Spring's six-field syntax: second minute hour day month weekday).
		 */
		private String cron;

		/**
		 * Time zone of the cron expression.
		 */
		private ZoneId zone = ZoneId.of("UTC");

		/**
		 * Fixed interval between firings, aligned to the epoch, instead of a cron expression.
		 */
		private Duration every;

		/**
		 * Name of the job to enqueue (the payload's "class").
		 */
		private String job;

		/**
		 * Queue to enqueue on. Defaults to the queue of the @ResqueJob of that name.
		 */
		private String queue;

		/**
		 * Arguments of the job.
		 */
		private List<Object> args = new ArrayList<>();

		public String getCron() {
			return this.cron;
		}

		public void setCron(String cron) {
			this.cron = cron;
		}

		public ZoneId getZone() {
			return this.zone;
		}

		public void setZone(ZoneId zone) {
			this.zone = zone;
		}

		public Duration getEvery() {
			return this.every;
		}

		public void setEvery(Duration every) {
			this.every = every;
		}

		public String getJob() {
			return this.job;
		}

		public void setJob(String job) {
			this.job = job;
		}

		public String getQueue() {
			return this.queue;
		}

		public void setQueue(String queue) {
			this.queue = queue;
		}

		public List<Object> getArgs() {
			return this.args;
		}

		public void setArgs(List<Object> args) {
			this.args = args;
		}

	}

	/** The resque health indicator. */
	public static class Health {

		/**
		 * Number of failed-queue entries above which the resque health indicator reports DOWN. No threshold when
		 * unset.
		 */
		private Long failedThreshold;

		/**
		 * How long the resque health indicator waits for Redis before it reports DOWN, whatever the Redis client's
		 * own timeout is.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public Long getFailedThreshold() {
			return this.failedThreshold;
		}

		public void setFailedThreshold(Long failedThreshold) {
			this.failedThreshold = failedThreshold;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** The web dashboard. */
	public static class Dashboard {

		/**
		 * Whether to serve the dashboard (needs a servlet web application).
		 */
		private boolean enabled;

		/**
		 * Path of the dashboard.
		 */
		private String path = "/resque";

		/**
		 * Role a user needs to see and use the dashboard when Spring Security is present.
		 */
		private String role = "RESQUE_ADMIN";

		/**
		 * Whether to serve the dashboard to anyone who can reach the application when Spring Security is absent.
		 * Without it, the application refuses to start with the dashboard enabled and no Spring Security.
		 */
		private boolean allowUnauthenticated;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public boolean isAllowUnauthenticated() {
			return this.allowUnauthenticated;
		}

		public void setAllowUnauthenticated(boolean allowUnauthenticated) {
			this.allowUnauthenticated = allowUnauthenticated;
		}

	}

	/** How jobs are handled. */
	/** The test modes (resque.mode inline or fake). */
	public static class Test {

		/**
		 * Whether the test modes run the jobs' plugins as a worker would (@Retry, @JobLock, @QueueLock,
		 * @DelayQueueLock, global and listed plugins), with their locks and counters in memory.
		 */
		private boolean plugins = true;

		public boolean isPlugins() {
			return this.plugins;
		}

		public void setPlugins(boolean plugins) {
			this.plugins = plugins;
		}

	}

	/** The failed queue. */
	public static class Failed {

		/**
		 * The most entries the failed queue keeps: beyond it the leader removes the oldest, at most 10,000 per poll.
		 * No cap when unset, as Resque keeps every failure.
		 */
		private Long maxEntries;

		public Long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(Long maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/** Queues that live on a Redis of their own, as a complete Resque namespace there. */
	public static class Shard {

		/** The queues that live on this shard: jobs enqueued on them go there, and workers take them there. */
		private List<String> queues = new ArrayList<>();

		/**
		 * The shard's namespace; by default resque.namespace. A shard on the application's own Redis (no url and
		 * no host) needs a namespace of its own, hash-tagged on a cluster so that it lives in a slot of its own.
		 */
		private @Nullable String namespace;

		/** Redis URL of the shard (redis:// or rediss://, with user, password and database); overrides host and port. */
		private @Nullable String url;

		/** Host of the shard's Redis; with neither url nor host, the shard uses the application's Redis. */
		private @Nullable String host;

		/** Port of the shard's Redis. */
		private int port = 6379;

		/** Database index on the shard's Redis. */
		private int database;

		/** Login user of the shard's Redis. */
		private @Nullable String username;

		/** Login password of the shard's Redis. */
		private @Nullable String password;

		/** Command timeout on the shard's Redis. */
		private Duration timeout = Duration.ofSeconds(5);

		/** Whether to reach the shard's host over TLS (a rediss:// url says so itself). */
		private boolean ssl;

		/** The shard's master found through sentinels, instead of a url or host. */
		private final ShardSentinel sentinel = new ShardSentinel();

		public ShardSentinel getSentinel() {
			return this.sentinel;
		}

		public boolean isSsl() {
			return this.ssl;
		}

		public void setSsl(boolean ssl) {
			this.ssl = ssl;
		}

		public List<String> getQueues() {
			return this.queues;
		}

		public void setQueues(List<String> queues) {
			this.queues = queues;
		}

		public @Nullable String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(@Nullable String namespace) {
			this.namespace = namespace;
		}

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public int getDatabase() {
			return this.database;
		}

		public void setDatabase(int database) {
			this.database = database;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		/** Whether a setting of the shard's own Redis is given (that means nothing without url or host). */
		boolean hasConnectionDetails() {
			return this.port != 6379 || this.database != 0 || this.username != null || this.password != null
					|| this.ssl;
		}

		/** Whether the shard names a Redis of its own. */
		boolean hasConnection() {
			return (this.url != null && !this.url.isBlank()) || (this.host != null && !this.host.isBlank())
					|| this.sentinel.isSet();
		}

	}

	/** The sentinels that know a shard's master. */
	public static class ShardSentinel {

		/** The name of the shard's master, as the sentinels monitor it. */
		private @Nullable String master;

		/** The sentinels, as host:port. */
		private List<String> nodes = new ArrayList<>();

		/** Password of the sentinels themselves, when they need one. */
		private @Nullable String password;

		public @Nullable String getMaster() {
			return this.master;
		}

		public void setMaster(@Nullable String master) {
			this.master = master;
		}

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		boolean isSet() {
			return this.master != null && !this.master.isBlank();
		}

	}

	/** What an enqueue waits for on a master with replicas (Sentinel, or replicas of a standalone master). */
	public static class Replication {

		/**
		 * How many replicas must hold a new job before its enqueue returns (WAIT after the write), so that a failover
		 * cannot lose a job the caller was told is enqueued; 0 for none (the master's reply is enough).
		 */
		private int waitForReplicas;

		/**
		 * How long an enqueue waits for those replicas; past it, the enqueue raises ResqueReplicationException (the
		 * job is on the master and may yet reach them).
		 */
		private Duration waitTimeout = Duration.ofSeconds(1);

		public int getWaitForReplicas() {
			return this.waitForReplicas;
		}

		public void setWaitForReplicas(int waitForReplicas) {
			this.waitForReplicas = waitForReplicas;
		}

		public Duration getWaitTimeout() {
			return this.waitTimeout;
		}

		public void setWaitTimeout(Duration waitTimeout) {
			this.waitTimeout = waitTimeout;
		}

		ReplicaWait toReplicaWait() {
			return new ReplicaWait(this.waitForReplicas, this.waitTimeout);
		}

	}

	/** Job contracts: the JSON Schema of each job's arguments, published in Redis. */
	public static class Contracts {

		/**
		 * Whether each job registered here publishes the JSON Schema of its perform parameters under
		 * {@code <namespace>:schemas:<job>} at startup, for producers in every language to check against.
		 */
		private boolean publish = true;

		/**
		 * Whether every enqueue is checked against its job's published schema, when there is one: a job whose
		 * arguments do not fit is refused before anything is sent (one cached read per job name every 30 s).
		 */
		private boolean check;

		public boolean isPublish() {
			return this.publish;
		}

		public void setPublish(boolean publish) {
			this.publish = publish;
		}

		public boolean isCheck() {
			return this.check;
		}

		public void setCheck(boolean check) {
			this.check = check;
		}

	}

	/** Job ids and statuses. */
	public static class Tracking {

		/**
		 * Whether each job enqueued here carries an id (a last "id" field that node-resque and Ruby Resque ignore)
		 * and has a status in Redis (queued, delayed, running, retrying, succeeded, failed, cancelled; attempts,
		 * last error, progress), written by the scripts that move the job. Off: payloads exactly as Resque writes
		 * them, and no status.
		 */
		private boolean enabled = true;

		/**
		 * How long the status of a job that has not ended lasts without moving on; a job waiting longer still runs,
		 * its status comes back when it is taken.
		 */
		private Duration pendingRetention = JobTracking.DEFAULT_PENDING_RETENTION;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPendingRetention() {
			return this.pendingRetention;
		}

		public void setPendingRetention(Duration pendingRetention) {
			this.pendingRetention = pendingRetention;
		}

	}

	/** The statuses of ended jobs (succeeded, failed, cancelled, dropped), kept for looking up and listing. */
	public static class History {

		/**
		 * How long an ended job's status is kept.
		 */
		private Duration retention = JobTracking.DEFAULT_HISTORY_RETENTION;

		/**
		 * The most ended jobs kept: beyond it the leader removes the oldest, in steps of 1,000. About 550 bytes of
		 * Redis each (more with long error messages): 10,000 take about 5.5 MB.
		 */
		private long maxEntries = JobTracking.DEFAULT_MAX_HISTORY;

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/** The per-day and per-minute job counters workers keep in Redis, for charts. */
	public static class Stats {

		/**
		 * Whether workers count each job's outcome per day and per minute, in all and per queue, and add the counts
		 * to Redis at every ping.
		 */
		private boolean enabled = true;

		/**
		 * How long a day's counters are kept.
		 */
		private Duration dayRetention = Duration.ofDays(365);

		/**
		 * How long a minute's counters are kept.
		 */
		private Duration minuteRetention = Duration.ofDays(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDayRetention() {
			return this.dayRetention;
		}

		public void setDayRetention(Duration dayRetention) {
			this.dayRetention = dayRetention;
		}

		public Duration getMinuteRetention() {
			return this.minuteRetention;
		}

		public void setMinuteRetention(Duration minuteRetention) {
			this.minuteRetention = minuteRetention;
		}

	}

	/** Limits of one queue. */
	public static class QueueLimits {

		/**
		 * How many jobs of this queue may run at once across all instances. No limit when unset.
		 */
		private Integer maxConcurrency;

		/**
		 * How many jobs of this queue may be taken within any rate-period across all instances. No limit when
		 * unset.
		 */
		private Integer rateLimit;

		/**
		 * The sliding window of the rate limit.
		 */
		private Duration ratePeriod = Duration.ofSeconds(1);

		public Integer getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(Integer maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public Integer getRateLimit() {
			return this.rateLimit;
		}

		public void setRateLimit(Integer rateLimit) {
			this.rateLimit = rateLimit;
		}

		public Duration getRatePeriod() {
			return this.ratePeriod;
		}

		public void setRatePeriod(Duration ratePeriod) {
			this.ratePeriod = ratePeriod;
		}

	}

	/** How a pool orders its queues for each take. */
	public enum QueueOrderMode {

		/** Strict priority: a queue is emptied before the next is looked at. */
		STRICT,

		/** Drawn for each take in proportion to the queues' weights. */
		WEIGHTED

	}

	public enum Mode {

		/** Jobs go to Redis; workers and the scheduler run. */
		REDIS,

		/** Enqueue performs the job at once in the caller's thread (tests). */
		INLINE,

		/** Jobs are kept in memory to be asserted and drained (tests). */
		FAKE

	}

}
