package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.HeldRecord;
import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.ResqueDates;
import dev.resque.core.codec.Utf8;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.event.JobRetryScheduledEvent;
import dev.resque.core.event.JobStartedEvent;
import dev.resque.core.event.JobSucceededEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.WorkerStartedEvent;
import dev.resque.core.event.WorkerStoppedEvent;
import dev.resque.core.job.Job;
import dev.resque.core.observation.JobProcessContext;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PerformContext;
import dev.resque.core.plugin.ResquePlugin;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * One registered Resque worker on its own thread: takes a job, performs it, records the outcome, and takes the
 * next, one script per job. A job is on its queue or in this worker's working-on record, never in between; a job
 * that cannot be run (malformed, not UTF-8, too big, unknown, arguments that do not bind) is recorded as failed
 * like any other. The worker keeps nothing Redis does not hold: after a failed call it calls again, and the take
 * script hands back the job it already recorded.
 */
final class ResqueWorker implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ResqueWorker.class);

	private static final byte[] NOTHING = new byte[0];

	private static final byte[] TAKE = { '1' };

	private static final byte[] NO_TAKE = { '0' };

	private static final String UNKNOWN_JOB = "unknown";

	private final String name;

	private final WorkerPool pool;

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final JobInvoker invoker;

	private final JobPlugins plugins;

	private final ObservationRegistry observations;

	private final ResqueJobListener listener;

	private final RedisOutage outage;

	private final Clock clock;

	private final long maxPayloadSize;

	private final List<String> fixedKeys;

	private final byte[] recordMiddle;

	private volatile @Nullable Taken current;

	private volatile boolean abandoned;

	private volatile @Nullable Thread thread;

	private volatile boolean registered;

	private volatile String started = "";

	private volatile boolean redisAnsweredUnregister;

	/** The record of a job whose handling broke outside its own code, to fail it rather than loop on it. */
	private byte @Nullable [] brokeOn;

	/** The job taken last, until the call that records its outcome has succeeded. */
	private @Nullable Taken unrecorded;

	ResqueWorker(String name, WorkerPool pool, StringRedisTemplate redis, ResqueKeys keys, JobCodec codec,
			JobInvoker invoker, JobPlugins plugins, ResqueJobListener listener, RedisOutage outage, Clock clock,
			ObservationRegistry observations, long maxPayloadSize) {
		this.observations = observations;
		this.name = name;
		this.pool = pool;
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
		this.invoker = invoker;
		this.plugins = plugins;
		this.listener = listener;
		this.outage = outage;
		this.clock = clock;
		this.maxPayloadSize = maxPayloadSize;
		// per-worker counters under the registration id, where Ruby Resque and resque-web read and clear them
		this.fixedKeys = List.of(keys.worker(id()), keys.processed(), keys.processed(id()), keys.failedCount(),
				keys.failedCount(id()), keys.failed());
		this.recordMiddle = utf8(codec.workingOnMiddle(name));
	}

	String name() {
		return this.name;
	}

	/** The registration id, {@code <name>:<queuesCsv>}. */
	String id() {
		return this.name + ":" + this.pool.settings().queuesCsv();
	}

	/** When the worker registered, in Ruby's {@code Time#to_s} form, as its {@code started} key holds it. */
	String started() {
		return this.started;
	}

	boolean isRegistered() {
		return this.registered;
	}

	boolean isBusy() {
		return this.current != null;
	}

	boolean isAbandoned() {
		return this.abandoned;
	}

	/** Whether Redis answered the last attempt to remove the registration (it did not when it was away). */
	boolean redisAnsweredUnregister() {
		return this.redisAnsweredUnregister;
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		if (!register()) {
			return;
		}
		this.listener.workerStarted(new WorkerStartedEvent(this.name, this.pool.settings().queues()));
		log.info("Resque worker {} started on queues {}", this.name, this.pool.settings().queues());
		Outcome pending = null;
		int failures = 0;
		while (!this.abandoned && (!this.pool.isStopping() || pending != null)) {
			try {
				Taken taken = work(pending, !this.pool.isStopping());
				pending = null;
				this.unrecorded = taken;
				failures = 0;
				this.outage.succeeded();
				if (taken == null) {
					if (!this.pool.isStopping()) {
						this.pool.awaitWork();
					}
					continue;
				}
				// more jobs may be waiting: let another idle worker look
				this.pool.signal();
				pending = process(taken);
			}
			catch (DataAccessException ex) {
				// the call may still run when Redis answers: calling again is safe, the take script hands back
				// the job a late run recorded instead of taking another
				this.outage.failed(ex);
				pauseQuietly(RedisOutage.backoff(failures++));
			}
			catch (InterruptedException ex) {
				// woken to stop: the loop condition decides whether there is anything left to do
			}
			catch (Throwable ex) {
				// not the job's own code (that is caught in perform) but the worker's: an Error while building a
				// record, say. The job stays in the working-on record and the next take hands it back.
				Taken taken = this.unrecorded;
				this.brokeOn = (taken != null) ? taken.record() : null;
				this.unrecorded = null;
				this.current = null;
				log.error("Worker {} hit {} outside a job; it carries on and takes its job again", this.name,
						ex.toString(), ex);
				pauseQuietly(RedisOutage.backoff(failures++));
			}
		}
		if (!this.abandoned) {
			if (failures > 0) {
				giveBackHeld();
			}
			unregister();
		}
	}

	/**
	 * Stopping after calls that failed: one of them may still have taken a job that Redis now holds for this
	 * worker (a late run of a timed-out take). It goes back to the head of its queue rather than waiting for the
	 * scheduler to find the worker dead.
	 */
	private void giveBackHeld() {
		try {
			byte[] record = this.redis.execute((RedisCallback<byte[]>) (connection) -> connection
				.stringCommands()
				.get(this.keys.worker(id()).getBytes(StandardCharsets.UTF_8)));
			HeldRecord parts = (record != null) ? this.codec.splitWorkingOn(record) : null;
			if (parts != null) {
				ResqueScripts.executeRaw(this.redis, ResqueScripts.REQUEUE,
						List.of(this.keys.worker(id()), this.keys.queue(parts.queue())), record, parts.payload());
				log.warn("Worker {} gave a job it took in a call it gave up on back to the head of queue {}", this.name,
						parts.queue());
			}
		}
		catch (DataAccessException ex) {
			log.debug("Worker {} could not check for a job held after failed calls: {}", this.name, ex.toString());
		}
	}

	/**
	 * Gives the running job back to the head of its queue when it did not finish within the shutdown timeout.
	 * Its outcome, if it ever finishes, is then not recorded.
	 */
	void abandon() {
		this.abandoned = true;
		Taken taken = this.current;
		if (taken != null) {
			try {
				Long requeued = ResqueScripts.executeRaw(this.redis, ResqueScripts.REQUEUE,
						List.of(this.keys.worker(id()), this.keys.queue(taken.queue())), taken.record(), taken.payload());
				if (requeued != null && requeued > 0) {
					log.warn("A job of worker {} did not finish within the shutdown timeout; it was put back at the head of queue {}",
							this.name, taken.queue());
				}
			}
			catch (DataAccessException ex) {
				log.warn("A job of worker {} did not finish within the shutdown timeout and Redis is unavailable ({}); "
						+ "its working-on record stays for recovery", this.name, ex.getMessage());
			}
		}
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
		}
		unregister();
	}

	private @Nullable Taken work(@Nullable Outcome finish, boolean take) {
		List<String> queues = take ? this.pool.queues() : List.of();
		Instant now = this.clock.instant();
		List<String> scriptKeys = new ArrayList<>(this.fixedKeys.size() + queues.size());
		scriptKeys.addAll(this.fixedKeys);
		Object[] args = new Object[7 + queues.size()];
		args[0] = (finish != null) ? finish.outcome().wire() : NOTHING;
		args[1] = (finish != null) ? finish.record() : NOTHING;
		args[2] = (finish != null && finish.failedEntry() != null) ? finish.failedEntry() : NOTHING;
		args[3] = take ? TAKE : NO_TAKE;
		byte[] start = utf8(this.codec.workingOnStart(now));
		args[4] = start;
		args[5] = this.recordMiddle;
		// Ruby Resque counts failed jobs as processed too
		args[6] = (this.codec.dialect() == WireDialect.RUBY) ? TAKE : NO_TAKE;
		for (int i = 0; i < queues.size(); i++) {
			scriptKeys.add(this.keys.queue(queues.get(i)));
			args[7 + i] = utf8(JobCodec.quote(queues.get(i)));
		}
		List<byte[]> reply = ResqueScripts.executeRaw(this.redis, ResqueScripts.WORK, scriptKeys, args);
		if (reply == null || reply.size() < 2 || reply.get(1) == null) {
			return null;
		}
		String first = new String(reply.get(0), StandardCharsets.US_ASCII);
		Taken taken;
		if (first.equals("held")) {
			taken = held(reply.get(1));
		}
		else {
			int index = Integer.parseInt(first);
			byte[] payload = reply.get(1);
			taken = new Taken(queues.get(index), payload, concat(start, (byte[]) args[7 + index], this.recordMiddle,
					payload, new byte[] { '}' }), false);
		}
		this.current = taken;
		return taken;
	}

	/** The job a take found already recorded: its payload is cut out of the record byte for byte. */
	private Taken held(byte[] record) {
		HeldRecord parts = this.codec.splitWorkingOn(record);
		if (parts == null) {
			return new Taken("", record, record, true);
		}
		log.debug("Worker {} holds a job it took in a call whose reply it never saw; it runs it now", this.name);
		return new Taken(parts.queue(), parts.payload(), record, false);
	}

	/**
	 * Reads the job and performs it inside the {@code resque.job.process} observation, tagged with queue, job
	 * ({@code unknown} for names no job here has: they come from payloads, and each would make new meters) and
	 * outcome ({@code success}, {@code failure}, {@code retried} or {@code dropped}).
	 */
	private Outcome process(Taken taken) {
		long started = System.nanoTime();
		String text = null;
		Job job = null;
		Throwable unreadable = null;
		try {
			text = readable(taken);
			job = this.codec.decode(text, taken.queue());
			if (!job.queue().equals(taken.queue()) && !taken.queue().isEmpty()) {
				// the queue it was taken from, not what the payload claims: it is where a retry belongs, and a
				// payload's own field would let any writer name new queues in every meter
				job = new Job(job.name(), taken.queue(), job.args());
			}
		}
		catch (Throwable ex) {
			// an Error too (a payload too big for the heap, nesting too deep): the job fails, the worker lives
			unreadable = ex;
		}
		if (taken.record() == this.brokeOn || Arrays.equals(taken.record(), this.brokeOn)) {
			this.brokeOn = null;
			if (unreadable == null) {
				unreadable = new IllegalStateException("Handling this job broke the worker before it could record an "
						+ "outcome; it was moved to the failed queue rather than run again");
			}
		}
		String jobTag = (job != null && this.invoker.isRegistered(job.name())) ? job.name() : UNKNOWN_JOB;
		JobProcessContext context = new JobProcessContext((text != null) ? this.codec.traceOf(text) : Map.of());
		Observation observation = Observation.createNotStarted("resque.job.process", () -> context, this.observations)
			.lowCardinalityKeyValue("queue", taken.queue())
			.lowCardinalityKeyValue("job", jobTag)
			.contextualName(taken.queue() + " process")
			.start();
		Outcome outcome = null;
		try (Observation.Scope scope = observation.openScope()) {
			outcome = (unreadable != null) ? failed(taken, job, text, unreadable, started)
					: perform(taken, job, text, started);
			return outcome;
		}
		finally {
			JobOutcome ended = (outcome != null) ? outcome.outcome() : JobOutcome.FAILURE;
			try {
				observation.lowCardinalityKeyValue("outcome", ended.tag());
				observation.stop();
			}
			catch (RuntimeException ex) {
				// an observation handler that fails must not cost the job its recorded outcome
				log.warn("Observing a job on worker {} failed: {}", this.name, ex.toString());
			}
		}
	}

	/** The payload as text, refused before any decoding when it is too big or not UTF-8. */
	private String readable(Taken taken) {
		if (taken.foreignRecord()) {
			throw new InvalidPayloadException("The working-on record of worker " + this.name
					+ " is not in the form this worker writes; it was moved to the failed queue as it was");
		}
		byte[] payload = taken.payload();
		if (payload.length > this.maxPayloadSize) {
			throw new InvalidPayloadException("Payload is " + payload.length + " bytes, more than the limit of "
					+ this.maxPayloadSize + " bytes (resque.worker.max-payload-size); it was not decoded");
		}
		String text = Utf8.decode(payload);
		if (text == null) {
			int at = Math.max(0, Utf8.firstInvalidOffset(payload));
			throw new InvalidPayloadException("Payload is not valid UTF-8 (byte 0x" + Integer.toHexString(payload[at] & 0xff)
					+ " at offset " + at + "); its exact bytes are kept in payload_base64");
		}
		return text;
	}

	private Outcome perform(Taken taken, Job job, String text, long started) {
		PerformContext context = new PerformContext(job, this.name);
		List<ResquePlugin> plugins = this.plugins.forJob(job.name());
		List<ResquePlugin> passed = new ArrayList<>(plugins.size());
		try {
			for (ResquePlugin plugin : plugins) {
				if (!plugin.beforePerform(context)) {
					log.debug("Job {} from queue {} was dropped by plugin {}", job.name(), taken.queue(), plugin);
					this.current = null;
					return new Outcome(JobOutcome.DROPPED, taken.record(), null);
				}
				passed.add(plugin);
			}
			this.listener.jobStarted(new JobStartedEvent(this.name, job));
			context.result(this.invoker.invoke(job));
		}
		catch (Throwable ex) {
			context.failure(ex);
		}
		for (ResquePlugin plugin : passed) {
			try {
				plugin.afterPerform(context);
			}
			catch (Throwable ex) {
				context.failure(ex);
			}
		}
		try {
			Throwable failure = context.failure();
			if (failure == null) {
				Duration duration = Duration.ofNanos(System.nanoTime() - started);
				this.listener.jobSucceeded(new JobSucceededEvent(this.name, job, context.result(), duration));
				return new Outcome(JobOutcome.SUCCESS, taken.record(), null);
			}
			if (context.retryDelay() != null && !this.abandoned) {
				log.debug("Job {} from queue {} failed on worker {} and runs again in {}: {}", job.name(), taken.queue(),
						this.name, context.retryDelay(), failure.toString());
				this.listener.jobRetryScheduled(new JobRetryScheduledEvent(this.name, job, failure, context.retryDelay()));
				return new Outcome(JobOutcome.RETRIED, taken.record(), null);
			}
			return failed(taken, job, text, failure, started);
		}
		finally {
			this.current = null;
			if (this.pool.isStopping()) {
				// an interrupt meant for a job that outlived the shutdown timeout must not reach the next step
				Thread.interrupted();
			}
		}
	}

	private Outcome failed(Taken taken, @Nullable Job job, @Nullable String text, Throwable ex, long started) {
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		this.current = null;
		if (this.abandoned) {
			log.debug("Abandoned job on worker {} ended with {}", this.name, ex.toString());
			return new Outcome(JobOutcome.FAILURE, taken.record(), null);
		}
		String jobName = (job != null) ? job.name() : "(unreadable payload)";
		log.warn("Job {} from queue {} failed on worker {}: {}", jobName, taken.queue(), this.name, ex.toString());
		// the registration id, as Ruby Resque writes it: resque-web links the failure to the worker by it
		String entry = this.codec.encodeFailure(id(), taken.queue(), taken.payload(), Failures.exception(ex),
				Failures.error(ex), Failures.backtrace(ex), this.clock.instant());
		String shown = (text != null) ? text : new String(taken.payload(), StandardCharsets.UTF_8);
		this.listener.jobFailed(new JobFailedEvent(this.name, taken.queue(), job, shown, ex, duration));
		if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
			log.error("Worker {} hit {}", this.name, error.toString());
		}
		return new Outcome(JobOutcome.FAILURE, taken.record(), utf8(entry));
	}

	private boolean register() {
		Instant now = this.clock.instant();
		this.started = ResqueDates.formatStarted(now);
		int attempt = 0;
		while (!this.pool.isStopping()) {
			try {
				this.redis.execute(ResqueScripts.REGISTER_WORKER,
						List.of(this.keys.workers(), this.keys.workerStarted(id()), this.keys.workerPing(this.name),
								this.keys.heartbeats()),
						id(), this.started, this.codec.ping(now, this.name, this.pool.settings().queuesCsv()),
						ResqueDates.formatHeartbeat(now));
				this.registered = true;
				return true;
			}
			catch (DataAccessException ex) {
				this.outage.failed(ex);
				pauseQuietly(RedisOutage.backoff(attempt++));
			}
		}
		return false;
	}

	private void unregister() {
		this.registered = false;
		if (!removeRegistration()) {
			log.warn("Worker {} stopped holding a job it could not give back; the scheduler recovers it once the "
					+ "worker's ping is stale", this.name);
		}
		this.listener.workerStopped(new WorkerStoppedEvent(this.name, this.pool.settings().queues()));
		log.info("Resque worker {} stopped", this.name);
	}

	/**
	 * Removes the worker's registration, unless it still holds a job (which the scheduler then recovers); safe to
	 * call again, as after a ping that raced with stopping. Returns false when the job stays.
	 */
	boolean removeRegistration() {
		this.redisAnsweredUnregister = false;
		try {
			Long removed = this.redis.execute(ResqueScripts.UNREGISTER_WORKER,
					List.of(this.keys.workers(), this.keys.workerStarted(id()), this.keys.workerPing(this.name),
							this.keys.heartbeats(), this.keys.worker(id()), this.keys.processed(id()),
							this.keys.failedCount(id())),
					id());
			this.redisAnsweredUnregister = true;
			return removed == null || removed != 0;
		}
		catch (DataAccessException ex) {
			log.warn("Worker {} could not unregister ({}); the scheduler will clean it up", this.name, ex.getMessage());
			return true;
		}
	}

	private void pauseQuietly(Duration duration) {
		try {
			this.pool.pause(duration);
		}
		catch (InterruptedException ex) {
			// woken to stop: the caller's loop ends
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] out = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, out, at, part.length);
			at += part.length;
		}
		return out;
	}

	/**
	 * A job this worker holds: where it came from, its bytes and its working-on record ({@code foreignRecord}
	 * when the record is not in this worker's form and cannot be cut into queue and payload).
	 */
	private record Taken(String queue, byte[] payload, byte[] record, boolean foreignRecord) {
	}

	/** How the last job ended, recorded together with taking the next one. */
	private record Outcome(JobOutcome outcome, byte[] record, byte @Nullable [] failedEntry) {
	}

}
