package dev.resque.core.admin;

import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Refusal;
import dev.resque.core.enqueue.JobFactory;
import dev.resque.core.enqueue.QueuePush;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.queue.StoredEntry;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/** The queues: their names, lengths and jobs, and removing jobs or whole queues. */
public final class QueueView {

	/** How many entries a search for traced copies reads at a time. */
	private static final int PAGE = 1_000;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final JobFactory jobs;

	private final EnqueuePipeline pipeline;

	private final QueuePush push;

	QueueView(RedisCalls calls, ResqueKeys keys, EnqueuePipeline pipeline) {
		this.calls = calls;
		this.keys = keys;
		this.codec = pipeline.codec();
		this.jobs = new JobFactory(this.codec);
		this.pipeline = pipeline;
		this.push = new QueuePush(calls, keys, pipeline::tracking);
	}

	/** The known queues, sorted. */
	public List<String> names() {
		Set<String> members = this.calls.call("list queues",
				() -> this.calls.redis().opsForSet().members(this.keys.queues()));
		return List.copyOf(new TreeSet<>(RedisCalls.orEmpty(members)));
	}

	/** Every known queue with the jobs waiting on it, sorted by name: two round trips, however many queues. */
	public SortedMap<String, Long> lengths() {
		List<String> queues = names();
		List<Long> lengths = this.calls.listLengths("read queue lengths", queues.stream().map(this.keys::queue).toList());
		SortedMap<String, Long> result = new TreeMap<>();
		for (int i = 0; i < queues.size(); i++) {
			result.put(queues.get(i), lengths.get(i));
		}
		return result;
	}

	/** Jobs waiting on a queue (delayed jobs not counted). */
	public long length(String queue) {
		return RedisCalls.orZero(this.calls.call("read queue " + queue,
				() -> this.calls.redis().opsForList().size(this.keys.queue(queue))));
	}

	/** Jobs on a queue from {@code start} to {@code stop} inclusive ({@code -1} = the last). */
	public List<Job> jobs(String queue, long start, long stop) {
		List<String> payloads = this.calls.call("read queue " + queue,
				() -> this.calls.redis().opsForList().range(this.keys.queue(queue), start, stop));
		return StoredJobs.decode(this.codec, RedisCalls.orEmpty(payloads), queue);
	}

	/**
	 * Entries of a queue from {@code start} to {@code stop} inclusive ({@code -1} = the last), each as stored and
	 * as read, an entry that is not a job included.
	 */
	public List<StoredEntry> entries(String queue, long start, long stop) {
		List<String> payloads = this.calls.call("read queue " + queue,
				() -> this.calls.redis().opsForList().range(this.keys.queue(queue), start, stop));
		return RedisCalls.orEmpty(payloads).stream()
			.map((raw) -> new StoredEntry(raw, StoredJobs.decodeQuietly(this.codec, raw, queue), JobIds.of(raw)))
			.toList();
	}

	/**
	 * Puts a job on its queue through the enqueue pipeline, as the template would (an operator running a
	 * recurring job now, for instance).
	 * @return the job's id, and {@code false} for enqueued when a plugin's {@code beforeEnqueue} stopped it
	 */
	public EnqueueResult enqueue(Job job) {
		Entry entry = this.pipeline.entry(job);
		return new EnqueueResult(entry.id(), this.pipeline.enqueue(entry, this.push.one(), Refusal.NONE));
	}

	/** Removes every queued copy of a job. */
	public long remove(String queue, String jobName, List<?> args) {
		return remove(queue, jobName, args, 0);
	}

	/**
	 * Removes queued copies of a job, matching node-resque's and Ruby Resque's encodings, and copies that carry a
	 * trace context or a job id.
	 * @param count how many copies to remove; 0 removes all
	 * @return how many were removed
	 */
	public long remove(String queue, String jobName, List<?> args, long count) {
		Job job = this.jobs.raw(queue, jobName, args);
		long removed = RedisCalls.orZero(this.calls.call("delete from queue " + queue,
				() -> this.calls.redis().execute(ResqueScripts.DEL, List.of(this.keys.queue(queue)), Long.toString(count),
						this.codec.encode(job), this.codec.encodeRubyQueueOrder(job))));
		if (count == 0 || removed < count) {
			removed += removeCarrying(job, (count == 0) ? Long.MAX_VALUE : count - removed);
		}
		return removed;
	}

	/**
	 * Copies that carry a trace context or a job id differ in bytes from the job's plain encodings: they are found by
	 * reading the queue, a page at a time.
	 */
	private long removeCarrying(Job job, long limit) {
		String key = this.keys.queue(job.queue());
		long removed = 0;
		for (long start = 0; removed < limit; start += PAGE) {
			long from = start;
			List<String> entries = this.calls.call("read queue " + job.queue(),
					() -> this.calls.redis().opsForList().range(key, from, from + PAGE - 1));
			if (entries == null || entries.isEmpty()) {
				break;
			}
			for (String entry : entries) {
				if (removed < limit && (JobIds.of(entry) != null || !this.codec.traceOf(entry).isEmpty())
						&& job.equals(StoredJobs.decodeQuietly(this.codec, entry, job.queue()))) {
					JobTracking tracking = this.pipeline.tracking();
					Long gone = this.calls.call("delete from queue " + job.queue(),
							() -> this.calls.redis().execute(ResqueScripts.REMOVE_QUEUED, List.of(key, this.keys.history()),
									entry, tracking.enabled() ? this.keys.jobPrefix() : "",
									Long.toString(tracking.historyRetention().toMillis())));
					if (gone != null && gone > 0) {
						removed += gone;
						start -= gone;
					}
				}
			}
		}
		return removed;
	}

	/**
	 * Pauses a queue for every worker of this library on the namespace, whichever instance: their take script
	 * passes it over until it is resumed, and jobs still enqueue on it. The pause is kept in Redis, so it outlives
	 * restarts. node-resque and Ruby Resque workers do not know it and go on taking from the queue.
	 * @return {@code false} when it was paused already
	 */
	public boolean pause(String queue) {
		Long added = this.calls.call("pause queue " + queue,
				() -> this.calls.redis().opsForSet().add(this.keys.pausedQueues(), queue));
		return RedisCalls.orZero(added) > 0;
	}

	/**
	 * Resumes a paused queue; idle workers are woken to take its jobs at once.
	 * @return {@code false} when it was not paused
	 */
	public boolean resume(String queue) {
		Long resumed = this.calls.call("resume queue " + queue, () -> this.calls.redis()
			.execute(ResqueScripts.RESUME_QUEUE, List.of(this.keys.pausedQueues()), queue, this.keys.wakeUpChannel()));
		return RedisCalls.orZero(resumed) > 0;
	}

	/** The paused queues, sorted. */
	public List<String> paused() {
		Set<String> members = this.calls.call("read paused queues",
				() -> this.calls.redis().opsForSet().members(this.keys.pausedQueues()));
		return List.copyOf(new TreeSet<>(RedisCalls.orEmpty(members)));
	}

	public boolean isPaused(String queue) {
		return Boolean.TRUE.equals(this.calls.call("read paused queues",
				() -> this.calls.redis().opsForSet().isMember(this.keys.pausedQueues(), queue)));
	}

	/** Deletes a queue with its jobs. */
	public void delete(String queue) {
		this.calls.call("delete queue " + queue, () -> this.calls.redis().execute(ResqueScripts.DEL_QUEUE,
				List.of(this.keys.queue(queue), this.keys.queues()), queue));
	}

}
