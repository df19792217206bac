package dev.resque.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.Job;
import dev.resque.core.observation.JobEnqueueContext;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.plugin.EnqueueContext;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.ResqueStats;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.queue.WorkerStatus;
import dev.resque.core.queue.WorkingOn;
import dev.resque.core.redis.RedisEndpoints;
import dev.resque.core.redis.ResqueConnectionException;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * Enqueues jobs and inspects queues, delayed jobs, workers and failures, in the Resque wire format shared with
 * node-resque and Ruby Resque.
 *
 * <pre class="code">
 * resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK);                 // queue and name from @ResqueJob
 * resque.enqueue("mailers", "SendWelcomeMail", List.of("a@b.c", "en_GB"));   // raw form, for any language
 * resque.enqueueIn(Duration.ofMinutes(5), SendWelcomeMail.class, "a@b.c", Locale.UK);
 * </pre>
 *
 * Every enqueue is one round trip. Arguments are written as JSON before anything is sent, so arguments that
 * cannot be written fail with a {@link dev.resque.core.codec.JobEncodingException} and nothing is enqueued. When
 * Redis cannot be reached, methods throw a {@link ResqueConnectionException} naming the server.
 */
public class ResqueTemplate {

	/** How many failed entries {@link #retryAllFailed()} reads at a time. */
	private static final int RETRY_PAGE = 500;

	/** Sidekiq's daily counters, {@code stat:processed:2026-12-01}. */
	private static final Pattern DATE_STAMPED = Pattern.compile(".*:\\d{4}-\\d{2}-\\d{2}");

	private static final Logger log = LoggerFactory.getLogger(ResqueTemplate.class);

	private static final int PUSH_CHUNK = 5_000;

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final String endpoint;

	private final JobPlugins plugins;

	private final ResqueJobListener listener;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final Map<Class<?>, JobDefinition> definitions = new ConcurrentHashMap<>();

	public ResqueTemplate(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, ResqueKeys.defaults(), new JobCodec());
	}

	public ResqueTemplate(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec) {
		this(connectionFactory, keys, codec, JobPlugins.none());
	}

	/**
	 * A template whose {@code enqueue} runs the jobs' {@code beforeEnqueue} and {@code afterEnqueue} plugin hooks.
	 */
	public ResqueTemplate(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec, JobPlugins plugins) {
		this(connectionFactory, keys, codec, plugins, new ResqueJobListener() {
		});
	}

	/** A template that also tells a listener of every job it enqueues (for metrics). */
	public ResqueTemplate(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec, JobPlugins plugins,
			ResqueJobListener listener) {
		this.listener = listener;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keys = keys;
		this.codec = codec;
		this.plugins = plugins;
		this.endpoint = RedisEndpoints.describe(connectionFactory);
	}

	/**
	 * Observes each {@code enqueue} ({@code resque.job.enqueue}); with a tracer, the trace context travels in the
	 * payload so that the job's processing joins the trace.
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	public ResqueKeys keys() {
		return this.keys;
	}

	public JobCodec codec() {
		return this.codec;
	}

	// ---- enqueue

	/**
	 * Enqueues a {@code @ResqueJob} on the queue its annotation names.
	 * @throws IllegalArgumentException when the class is not a job or no {@code perform} takes that many
	 * arguments
	 */
	public boolean enqueue(Class<?> jobClass, Object... args) {
		return enqueue(typedJob(jobClass, args));
	}

	/** Enqueues a job by name, for jobs that may be worked by another language. */
	public boolean enqueue(String queue, String jobName, List<?> args) {
		return enqueue(rawJob(queue, jobName, args));
	}

	/**
	 * Enqueues a job.
	 * @return {@code false} when a plugin's {@code beforeEnqueue} stopped it (a queue lock, for instance)
	 */
	public boolean enqueue(Job job) {
		EnqueueContext context = new EnqueueContext(job, null);
		if (!call("enqueue " + job.name(), () -> this.plugins.beforeEnqueue(context))) {
			return false;
		}
		JobEnqueueContext observed = new JobEnqueueContext(job);
		Observation observation = Observation.createNotStarted("resque.job.enqueue", () -> observed, this.observationRegistry)
			.lowCardinalityKeyValue("queue", job.queue())
			.lowCardinalityKeyValue("job", job.name())
			.contextualName(job.queue() + " send")
			.start();
		try {
			String payload = this.codec.encode(job, observed.getCarrier());
			call("enqueue " + job.name(), () -> this.redis.execute(ResqueScripts.ENQUEUE,
					List.of(this.keys.queues(), this.keys.queue(job.queue())), job.queue(), payload,
					this.keys.wakeUpChannel()));
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
		this.plugins.afterEnqueue(context);
		this.listener.jobEnqueued(new JobEnqueuedEvent(job));
		return true;
	}

	/**
	 * Enqueues many jobs in one round trip per few thousand jobs. All payloads are written first, so one bad
	 * argument enqueues nothing.
	 * @return the number of jobs enqueued
	 */
	public long enqueueAll(Collection<Job> jobs) {
		Map<String, List<String>> byQueue = new LinkedHashMap<>();
		for (Job job : jobs) {
			byQueue.computeIfAbsent(job.queue(), (queue) -> new ArrayList<>()).add(this.codec.encodeQueued(job));
		}
		if (byQueue.isEmpty()) {
			return 0;
		}
		if (jobs.stream().anyMatch((job) -> !this.plugins.forJob(job.name()).isEmpty())) {
			// plugins decide job by job
			return jobs.stream().filter(this::enqueue).count();
		}
		call("enqueue " + jobs.size() + " jobs", () -> pipeline((ops) -> {
			for (Map.Entry<String, List<String>> entry : byQueue.entrySet()) {
				String queue = entry.getKey();
				List<String> payloads = entry.getValue();
				ops.opsForSet().add(this.keys.queues(), queue);
				for (int from = 0; from < payloads.size(); from += PUSH_CHUNK) {
					List<String> chunk = payloads.subList(from, Math.min(payloads.size(), from + PUSH_CHUNK));
					ops.opsForList().rightPushAll(this.keys.queue(queue), chunk);
				}
			}
		}));
		// after the pipeline, not in it: Jedis cannot publish inside a pipeline
		call("wake workers for " + byQueue.size() + " queue(s)", () -> {
			byQueue.keySet().forEach((queue) -> this.redis.convertAndSend(this.keys.wakeUpChannel(), queue));
			return null;
		});
		jobs.forEach((job) -> this.listener.jobEnqueued(new JobEnqueuedEvent(job)));
		return jobs.size();
	}

	/**
	 * Schedules a {@code @ResqueJob} for a time; the elected scheduler moves it to its queue when due.
	 * @return {@code false} when the same job with the same arguments is already scheduled in that second
	 */
	public boolean enqueueAt(Instant at, Class<?> jobClass, Object... args) {
		return enqueueAt(at, typedJob(jobClass, args));
	}

	/** Schedules a job by name for a time. */
	public boolean enqueueAt(Instant at, String queue, String jobName, List<?> args) {
		return enqueueAt(at, rawJob(queue, jobName, args));
	}

	/**
	 * Schedules a job for a time, rounded up to the whole second (a job never runs early).
	 * @return {@code false} when the same job with the same arguments is already scheduled in that second
	 */
	public boolean enqueueAt(Instant at, Job job) {
		String payload = this.codec.encodeDelayed(job);
		long second = scheduleSecond(at);
		Long added = call("schedule " + job.name(),
				() -> this.redis.execute(ResqueScripts.ENQUEUE_AT,
						List.of(this.keys.delayed(second), this.keys.timestamps(payload), this.keys.delayedSchedule()),
						Long.toString(second), payload, ResqueKeys.delayedMember(second)));
		if (added == null || added == 0) {
			log.debug("Job {} is already scheduled at {}; not scheduled again", payload, second);
			return false;
		}
		return true;
	}

	public boolean enqueueIn(Duration delay, Class<?> jobClass, Object... args) {
		return enqueueAt(Instant.now().plus(delay), jobClass, args);
	}

	public boolean enqueueIn(Duration delay, String queue, String jobName, List<?> args) {
		return enqueueAt(Instant.now().plus(delay), queue, jobName, args);
	}

	// ---- queues

	/** The known queues, sorted. */
	public List<String> queues() {
		Set<String> members = call("list queues", () -> this.redis.opsForSet().members(this.keys.queues()));
		return List.copyOf(new TreeSet<>(orEmpty(members)));
	}

	/** Every known queue with the jobs waiting on it, sorted by name: two round trips, however many queues. */
	public SortedMap<String, Long> queueLengths() {
		List<String> queues = queues();
		List<Long> lengths = listLengths("read queue lengths", queues.stream().map(this.keys::queue).toList());
		SortedMap<String, Long> result = new TreeMap<>();
		for (int i = 0; i < queues.size(); i++) {
			result.put(queues.get(i), lengths.get(i));
		}
		return result;
	}

	/** How many delayed jobs wait, over every timestamp, without reading them: two round trips. */
	public long delayedCount() {
		List<String> lists = timestamps().stream().map((at) -> this.keys.delayed(at.getEpochSecond())).toList();
		return listLengths("count delayed jobs", lists).stream().mapToLong(Long::longValue).sum();
	}

	/** LLEN of each key, pipelined. */
	private List<Long> listLengths(String what, List<String> listKeys) {
		if (listKeys.isEmpty()) {
			return List.of();
		}
		List<Object> replies = call(what, () -> this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String key : listKeys) {
				connection.listCommands().lLen(key.getBytes(StandardCharsets.UTF_8));
			}
			return null;
		}));
		List<Long> lengths = new ArrayList<>(listKeys.size());
		for (int i = 0; i < listKeys.size(); i++) {
			Object reply = (replies != null && i < replies.size()) ? replies.get(i) : null;
			lengths.add((reply instanceof Number number) ? number.longValue() : 0L);
		}
		return lengths;
	}

	/** Jobs waiting on a queue (delayed jobs not counted). */
	public long length(String queue) {
		return orZero(call("read queue " + queue, () -> this.redis.opsForList().size(this.keys.queue(queue))));
	}

	/** Jobs on a queue from {@code start} to {@code stop} inclusive ({@code -1} = the last). */
	public List<Job> queued(String queue, long start, long stop) {
		List<String> payloads = call("read queue " + queue,
				() -> this.redis.opsForList().range(this.keys.queue(queue), start, stop));
		return decodeJobs(orEmpty(payloads), queue);
	}

	/**
	 * Removes queued copies of a job, matching node-resque's and Ruby Resque's encodings.
	 * @param count how many copies to remove; 0 removes all
	 * @return how many were removed
	 */
	public long del(String queue, String jobName, List<?> args, long count) {
		Job job = rawJob(queue, jobName, args);
		long removed = orZero(call("delete from queue " + queue,
				() -> this.redis.execute(ResqueScripts.DEL, List.of(this.keys.queue(queue)), Long.toString(count),
						this.codec.encode(job), this.codec.encodeRubyQueueOrder(job))));
		if (count == 0 || removed < count) {
			removed += delTraced(job, (count == 0) ? Long.MAX_VALUE : count - removed);
		}
		return removed;
	}

	/** Copies that carry a trace context differ in bytes: they are found by reading the queue. */
	private long delTraced(Job job, long limit) {
		String key = this.keys.queue(job.queue());
		long removed = 0;
		int page = 1_000;
		for (long start = 0; removed < limit; start += page) {
			long from = start;
			List<String> entries = call("read queue " + job.queue(), () -> this.redis.opsForList().range(key, from, from + page - 1));
			if (entries == null || entries.isEmpty()) {
				break;
			}
			for (String entry : entries) {
				if (removed < limit && entry.contains("\"trace\":") && job.equals(decodeQuietly(entry, job.queue()))) {
					Long gone = call("delete from queue " + job.queue(), () -> this.redis.opsForList().remove(key, 1, entry));
					if (gone != null && gone > 0) {
						removed += gone;
						start -= gone;
					}
				}
			}
		}
		return removed;
	}

	private Job decodeQuietly(String payload, String queue) {
		try {
			return this.codec.decode(payload, queue);
		}
		catch (InvalidPayloadException ex) {
			return null;
		}
	}

	/** Removes every queued copy of a job. */
	public long del(String queue, String jobName, List<?> args) {
		return del(queue, jobName, args, 0);
	}

	/** Deletes a queue with its jobs. */
	public void delQueue(String queue) {
		call("delete queue " + queue, () -> this.redis.execute(ResqueScripts.DEL_QUEUE,
				List.of(this.keys.queue(queue), this.keys.queues()), queue));
	}

	// ---- delayed jobs

	/**
	 * Removes a delayed job from every time it is scheduled at, matching node-resque's and resque-scheduler's
	 * encodings.
	 * @return the times it was removed from, sorted
	 */
	public List<Instant> delDelayed(String queue, String jobName, List<?> args) {
		Job job = rawJob(queue, jobName, args);
		TreeSet<Instant> removed = new TreeSet<>();
		for (String payload : delayedEncodings(job)) {
			String timestampsKey = this.keys.timestamps(payload);
			Set<String> members = call("read schedule", () -> this.redis.opsForSet().members(timestampsKey));
			List<Long> seconds = scheduleSeconds(orEmpty(members));
			if (seconds.isEmpty()) {
				continue;
			}
			List<String> scriptKeys = new ArrayList<>();
			scriptKeys.add(this.keys.delayedSchedule());
			scriptKeys.add(timestampsKey);
			List<String> scriptArgs = new ArrayList<>();
			scriptArgs.add(payload);
			for (Long second : seconds) {
				scriptKeys.add(this.keys.delayed(second));
				scriptArgs.add(Long.toString(second));
			}
			List<String> result = call("delete delayed job", () -> this.redis.execute(ResqueScripts.DEL_DELAYED,
					scriptKeys, scriptArgs.toArray()));
			orEmpty(result).forEach((second) -> removed.add(Instant.ofEpochSecond(Long.parseLong(second))));
		}
		return List.copyOf(removed);
	}

	/** The times a job is scheduled at, sorted. */
	public List<Instant> scheduledAt(String queue, String jobName, List<?> args) {
		Job job = rawJob(queue, jobName, args);
		List<String> encodings = delayedEncodings(job);
		List<Object> replies = call("read schedule",
				() -> pipeline((ops) -> encodings.forEach((payload) -> ops.opsForSet().members(this.keys.timestamps(payload)))));
		TreeSet<Instant> times = new TreeSet<>();
		for (Object reply : replies) {
			scheduleSeconds(castMembers(reply)).forEach((second) -> times.add(Instant.ofEpochSecond(second)));
		}
		return List.copyOf(times);
	}

	/** The times at which jobs are scheduled, in time order. */
	public List<Instant> timestamps() {
		return List.copyOf(allDelayed().keySet());
	}

	/** The jobs scheduled at a time (rounded up to its second, as {@link #enqueueAt} does). */
	public List<Job> delayedAt(Instant at) {
		long second = scheduleSecond(at);
		List<String> payloads = call("read delayed jobs",
				() -> this.redis.opsForList().range(this.keys.delayed(second), 0, -1));
		return decodeJobs(orEmpty(payloads), null);
	}

	/** Every delayed job by the time it is due, in time order. */
	public SortedMap<Instant, List<Job>> allDelayed() {
		Set<String> members = call("read schedule",
				() -> this.redis.opsForZSet().range(this.keys.delayedSchedule(), 0, -1));
		List<Long> seconds = orEmpty(members).stream().map(Long::parseLong).sorted().toList();
		if (seconds.isEmpty()) {
			return Collections.emptySortedMap();
		}
		List<Object> lists = call("read delayed jobs",
				() -> pipeline((ops) -> seconds.forEach((second) -> ops.opsForList().range(this.keys.delayed(second), 0, -1))));
		SortedMap<Instant, List<Job>> delayed = new TreeMap<>();
		for (int i = 0; i < seconds.size(); i++) {
			List<Job> jobs = decodeJobs(castMembers(lists.get(i)), null);
			if (!jobs.isEmpty()) {
				delayed.put(Instant.ofEpochSecond(seconds.get(i)), jobs);
			}
		}
		return Collections.unmodifiableSortedMap(delayed);
	}

	// ---- locks

	/** Queue locks ({@code lock:*}) and job locks ({@code workerslock:*}) by key without namespace, with values. */
	public SortedMap<String, String> locks() {
		List<String> lockKeys = new ArrayList<>(scan(this.keys.queueLockPattern()));
		lockKeys.addAll(scan(this.keys.jobLockPattern()));
		if (lockKeys.isEmpty()) {
			return Collections.emptySortedMap();
		}
		List<String> values = call("read locks", () -> this.redis.opsForValue().multiGet(lockKeys));
		SortedMap<String, String> locks = new TreeMap<>();
		for (int i = 0; i < lockKeys.size(); i++) {
			String value = (values != null) ? values.get(i) : null;
			if (value != null) {
				locks.put(this.keys.strip(lockKeys.get(i)), value);
			}
		}
		return Collections.unmodifiableSortedMap(locks);
	}

	/** Deletes a lock by its key without namespace, as {@link #locks()} lists it. */
	public long delLock(String lock) {
		Boolean deleted = call("delete lock", () -> this.redis.delete(this.keys.key(lock)));
		return Boolean.TRUE.equals(deleted) ? 1 : 0;
	}

	// ---- workers

	/** Registered workers of every language, sorted by name. */
	public List<WorkerRegistration> workers() {
		Set<String> members = call("list workers", () -> this.redis.opsForSet().members(this.keys.workers()));
		return orEmpty(members).stream()
			.map(WorkerRegistration::parse)
			.sorted((a, b) -> a.id().compareTo(b.id()))
			.toList();
	}

	/**
	 * What a worker is working on.
	 * @param workerName the worker's name ({@code host:pid})
	 * @param queues its queues as registered ({@code q1,q2})
	 */
	public Optional<WorkingOn> workingOn(String workerName, String queues) {
		String record = call("read worker", () -> this.redis.opsForValue().get(this.keys.worker(workerName + ":" + queues)));
		return Optional.ofNullable(record).map((json) -> this.codec.decodeWorkingOn(json, workerName));
	}

	/** Every registered worker with the job it works on, if any. */
	public List<WorkerStatus> allWorkingOn() {
		List<WorkerRegistration> workers = workers();
		if (workers.isEmpty()) {
			return List.of();
		}
		List<String> records = call("read workers",
				() -> this.redis.opsForValue().multiGet(workers.stream().map((w) -> this.keys.worker(w.id())).toList()));
		List<WorkerStatus> statuses = new ArrayList<>(workers.size());
		for (int i = 0; i < workers.size(); i++) {
			WorkerRegistration worker = workers.get(i);
			String record = (records != null) ? records.get(i) : null;
			statuses.add(new WorkerStatus(worker, (record != null) ? readWorkingOn(record, worker) : null));
		}
		return statuses;
	}

	// ---- failures

	public long failedCount() {
		return orZero(call("read failed queue", () -> this.redis.opsForList().size(this.keys.failed())));
	}

	/** The failed job at an index of the failed queue, if there is one. */
	public Optional<FailedJob> failedAt(long index) {
		if (index < 0) {
			return Optional.empty();
		}
		List<FailedJob> entry = failed(index, index);
		return entry.isEmpty() ? Optional.empty() : Optional.of(entry.get(0));
	}

	/**
	 * Puts every failed job that names one back on its queue and removes its entry, a page at a time (so that a
	 * long failed queue is not read whole), and returns how many went back. Entries that cannot be retried (no
	 * job in them, or refused by an enqueue plugin) stay; it stops when a page retries none.
	 */
	public long retryAllFailed() {
		long retried = 0;
		List<FailedJob> page;
		do {
			page = failed(0, RETRY_PAGE - 1);
			long before = retried;
			for (FailedJob failed : page) {
				if (failed.payload() != null && retryAndRemoveFailed(failed)) {
					retried++;
				}
			}
			if (retried == before) {
				break;
			}
		}
		while (!page.isEmpty());
		return retried;
	}

	/** Failed jobs from {@code start} to {@code stop} inclusive ({@code -1} = the last). */
	public List<FailedJob> failed(long start, long stop) {
		List<String> entries = call("read failed queue",
				() -> this.redis.opsForList().range(this.keys.failed(), start, stop));
		return orEmpty(entries).stream().map(this::readFailure).toList();
	}

	/** Removes one failed entry, matched by its stored bytes. */
	public long removeFailed(FailedJob failed) {
		return orZero(call("remove failed job", () -> this.redis.opsForList().remove(this.keys.failed(), 1, failed.json())));
	}

	/**
	 * Takes a failed entry out of the failed queue and puts its job back on its queue, in one atomic step. Enqueue
	 * plugins run; when one stops the job, the entry stays in the failed queue.
	 * @return {@code false} when the entry is no longer in the failed queue or a plugin stopped the job
	 */
	public boolean retryAndRemoveFailed(FailedJob failed) {
		Job job = failed.payload();
		if (job == null) {
			throw new IllegalArgumentException("Failed entry has no job to retry: " + failed.json());
		}
		String queue = failed.queue().isEmpty() ? job.queue() : failed.queue();
		Job retry = new Job(job.name(), queue, job.args());
		EnqueueContext context = new EnqueueContext(retry, null);
		if (!call("retry failed job", () -> this.plugins.beforeEnqueue(context))) {
			return false;
		}
		Long moved = call("retry failed job", () -> this.redis.execute(ResqueScripts.RETRY_FAILED,
				List.of(this.keys.failed(), this.keys.queues(), this.keys.queue(queue)), failed.json(), queue,
				this.codec.encodeQueued(retry), this.keys.wakeUpChannel()));
		boolean retried = moved != null && moved > 0;
		if (retried) {
			this.plugins.afterEnqueue(context);
			this.listener.jobEnqueued(new JobEnqueuedEvent(retry));
		}
		return retried;
	}

	/** Empties the failed queue and returns how many entries it held. */
	public long clearFailed() {
		long count = failedCount();
		call("clear failed queue", () -> this.redis.delete(this.keys.failed()));
		return count;
	}

	/**
	 * When each registered worker last pinged, by worker name; workers that do not ping this way (Ruby Resque's)
	 * are absent.
	 */
	public Map<String, Instant> lastPings() {
		List<WorkerRegistration> workers = workers();
		if (workers.isEmpty()) {
			return Map.of();
		}
		List<String> names = workers.stream().map(WorkerRegistration::name).distinct().toList();
		List<String> pings = call("read pings",
				() -> this.redis.opsForValue().multiGet(names.stream().map(this.keys::workerPing).toList()));
		Map<String, Instant> lastPings = new TreeMap<>();
		for (int i = 0; i < names.size(); i++) {
			String ping = (pings != null) ? pings.get(i) : null;
			if (ping == null) {
				continue;
			}
			String name = names.get(i);
			this.codec.decodePing(ping).ifPresentOrElse((record) -> lastPings.put(name, record.time()),
					() -> log.debug("Unreadable ping of worker {}", name));
		}
		return lastPings;
	}

	// ---- stats and leadership

	/** The processed and failed counters, in total and per worker. */
	public ResqueStats stats() {
		List<String> statKeys = scan(this.keys.statPattern());
		List<String> values = statKeys.isEmpty() ? List.of()
				: call("read stats", () -> this.redis.opsForValue().multiGet(statKeys));
		long processed = 0;
		long failed = 0;
		Map<String, long[]> perWorker = new TreeMap<>();
		String processedPrefix = this.keys.processed() + ":";
		String failedPrefix = this.keys.failedCount() + ":";
		for (int i = 0; i < statKeys.size(); i++) {
			String key = statKeys.get(i);
			long value = parseLong((values != null) ? values.get(i) : null);
			if (key.equals(this.keys.processed())) {
				processed = value;
			}
			else if (key.equals(this.keys.failedCount())) {
				failed = value;
			}
			else if (isDateStamped(key)) {
				// Sidekiq's daily counters (stat:processed:2026-12-01) on a shared namespace are not workers
				continue;
			}
			else if (key.startsWith(processedPrefix)) {
				perWorker.computeIfAbsent(key.substring(processedPrefix.length()), (k) -> new long[2])[0] = value;
			}
			else if (key.startsWith(failedPrefix)) {
				perWorker.computeIfAbsent(key.substring(failedPrefix.length()), (k) -> new long[2])[1] = value;
			}
		}
		Map<String, ResqueStats.WorkerStats> workers = new TreeMap<>();
		perWorker.forEach((name, counts) -> workers.put(name, new ResqueStats.WorkerStats(counts[0], counts[1])));
		return new ResqueStats(processed, failed, workers);
	}

	private static boolean isDateStamped(String key) {
		return DATE_STAMPED.matcher(key).matches();
	}

	/** The name of the scheduler that holds the leader lock, if any. */
	public Optional<String> leader() {
		return Optional.ofNullable(call("read leader", () -> this.redis.opsForValue().get(this.keys.leaderLock())));
	}

	// ---- helpers

	/** The job a typed enqueue sends: name and queue from {@code @ResqueJob}, arguments as JSON values. */
	protected Job typedJob(Class<?> jobClass, Object... args) {
		JobDefinition definition = this.definitions.computeIfAbsent(jobClass, JobDefinition::of);
		Object[] values = (args != null) ? args : new Object[0];
		if (!definition.accepts(values.length)) {
			throw new IllegalArgumentException("Job " + definition.name() + " takes "
					+ definition.describePerformMethods() + " but was given " + values.length + " argument(s)");
		}
		return new Job(definition.name(), definition.queue(), this.codec.toJsonValues(definition.name(), values));
	}

	private Job rawJob(String queue, String jobName, List<?> args) {
		if (queue == null || queue.isBlank()) {
			throw new IllegalArgumentException("A queue name is required to enqueue job " + jobName);
		}
		if (jobName == null || jobName.isBlank()) {
			throw new IllegalArgumentException("A job name is required to enqueue on queue " + queue);
		}
		Object[] values = (args != null) ? args.toArray() : new Object[0];
		return new Job(jobName, queue, this.codec.toJsonValues(jobName, values));
	}

	private List<String> delayedEncodings(Job job) {
		return List.of(this.codec.encode(job), this.codec.encodeSchedulerOrder(job));
	}

	private static long scheduleSecond(Instant at) {
		return at.getEpochSecond() + ((at.getNano() > 0) ? 1 : 0);
	}

	private static List<Long> scheduleSeconds(Collection<String> members) {
		List<Long> seconds = new ArrayList<>();
		for (String member : members) {
			int colon = member.lastIndexOf(':');
			try {
				seconds.add(Long.parseLong(member.substring(colon + 1)));
			}
			catch (NumberFormatException ex) {
				log.debug("Ignoring schedule member {}", member);
			}
		}
		Collections.sort(seconds);
		return seconds;
	}

	private List<Job> decodeJobs(List<String> payloads, String defaultQueue) {
		List<Job> jobs = new ArrayList<>(payloads.size());
		for (String payload : payloads) {
			try {
				jobs.add(this.codec.decode(payload, defaultQueue));
			}
			catch (InvalidPayloadException ex) {
				log.warn("Skipping an entry that is not a job: {}", ex.getMessage());
			}
		}
		return jobs;
	}

	private WorkingOn readWorkingOn(String record, WorkerRegistration worker) {
		try {
			return this.codec.decodeWorkingOn(record, worker.name());
		}
		catch (InvalidPayloadException ex) {
			log.warn("Worker {} has an unreadable working-on record: {}", worker.id(), ex.getMessage());
			return null;
		}
	}

	private FailedJob readFailure(String entry) {
		try {
			return this.codec.decodeFailure(entry);
		}
		catch (InvalidPayloadException ex) {
			return new FailedJob("", "", null, "", "Unreadable failed entry: " + ex.getMessage(), List.of(), null,
					entry);
		}
	}

	private List<String> scan(String pattern) {
		return call("scan keys", () -> {
			List<String> found = new ArrayList<>();
			try (Cursor<String> cursor = this.redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
				cursor.forEachRemaining(found::add);
			}
			return found;
		});
	}

	private List<Object> pipeline(Consumer<RedisOperations<String, String>> commands) {
		return this.redis.executePipelined(new SessionCallback<Object>() {
			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) {
				commands.accept((RedisOperations<String, String>) operations);
				return null;
			}
		});
	}

	/** Runs a Redis operation, turning connection failures into an error that names the server. */
	private <T> T call(String action, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (RedisConnectionFailureException | QueryTimeoutException ex) {
			throw new ResqueConnectionException(
					"Cannot " + action + ": " + this.endpoint + " is unreachable (" + rootMessage(ex) + ")", ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	@SuppressWarnings("unchecked")
	private static List<String> castMembers(Object reply) {
		if (reply instanceof Collection<?> collection) {
			return new ArrayList<>((Collection<String>) collection);
		}
		return List.of();
	}

	private static <T> Collection<T> orEmpty(Collection<T> values) {
		return (values != null) ? values : List.of();
	}

	private static <T> List<T> orEmpty(List<T> values) {
		return (values != null) ? values : List.of();
	}

	private static long orZero(Long value) {
		return (value != null) ? value : 0;
	}

	private static long parseLong(String value) {
		if (value == null) {
			return 0;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
