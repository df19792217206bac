package dev.resque.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.batch.BatchDefinition;
import dev.resque.core.batch.BatchPush;
import dev.resque.core.batch.BatchResult;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Refusal;
import dev.resque.core.enqueue.QueuePush;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueConnectionException;
import dev.resque.core.redis.ResqueKeys;

/**
 * Enqueues jobs in Redis in the Resque wire format shared with node-resque and Ruby Resque; the queues, the
 * schedule and the failures are read and managed with {@link dev.resque.core.admin.ResqueAdmin}.
 * <p>
 * {@code enqueue} is one script, one round trip; {@code enqueueAll} one pipeline per few thousand jobs;
 * {@code enqueueAt} one script. Every job goes through the {@link EnqueuePipeline} (plugins, trace, listener,
 * observation). When Redis cannot be reached, methods throw a {@link ResqueConnectionException} naming the server.
 */
public class ResqueTemplate extends AbstractResqueOperations {

	private final EnqueuePipeline pipeline;

	private final DelayedSchedule schedule;

	private final QueuePush push;

	private final BatchPush batches;

	public ResqueTemplate(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, ResqueKeys.defaults(), new JobCodec());
	}

	public ResqueTemplate(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec) {
		this(connectionFactory, keys, EnqueuePipeline.plain(codec));
	}

	/** A template whose enqueues run the jobs' plugin hooks. */
	public ResqueTemplate(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec, JobPlugins plugins) {
		this(connectionFactory, keys, new EnqueuePipeline(codec, plugins, new ResqueJobListener() {
		}));
	}

	public ResqueTemplate(RedisConnectionFactory connectionFactory, ResqueKeys keys, EnqueuePipeline pipeline) {
		this(new RedisCalls(connectionFactory), keys, pipeline);
	}

	public ResqueTemplate(RedisCalls calls, ResqueKeys keys, EnqueuePipeline pipeline) {
		super(pipeline.codec());
		this.pipeline = pipeline;
		this.schedule = new DelayedSchedule(calls, keys, pipeline.codec(), pipeline::tracking);
		this.push = new QueuePush(calls, keys, pipeline::tracking);
		this.batches = new BatchPush(calls, keys, pipeline);
	}

	/** See {@link EnqueuePipeline#setObservationRegistry}. */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.pipeline.setObservationRegistry(observationRegistry);
	}

	@Override
	public EnqueueResult enqueue(Job job) {
		Entry entry = this.pipeline.entry(checked(job));
		return new EnqueueResult(entry.id(), this.pipeline.enqueue(entry, this.push.one(), Refusal.NONE));
	}

	/** Enqueues many jobs in one round trip per few thousand jobs; jobs with plugins pass their hooks first. */
	@Override
	public List<EnqueueResult> enqueueAll(Collection<Job> jobs) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		return this.pipeline.results(jobs.stream().map(this::checked).map(this.pipeline::entry).toList(), this.push.many(),
				Refusal.NONE);
	}

	/**
	 * Sends a batch: members added {@value dev.resque.core.batch.BatchPush#CHUNK} at a time, each chunk counted in the
	 * step that queues it, then sealed with its callbacks; see {@link BatchPush}.
	 * @throws IllegalStateException when jobs are not tracked
	 */
	@Override
	protected BatchResult submit(BatchDefinition batch) {
		batch.members().forEach(this::checked);
		return this.batches.submit(batch);
	}

	@Override
	public EnqueueResult enqueueAt(Instant at, Job job) {
		return this.schedule.schedule(at, checked(job));
	}

}
