package dev.resque.core.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.ResqueDates;
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
 * that cannot be run (malformed, unknown, arguments that do not bind) is recorded as failed like any other.
 */
final class ResqueWorker implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ResqueWorker.class);

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

	private final List<String> fixedKeys;

	private volatile @Nullable Taken current;

	private volatile boolean abandoned;

	private volatile Thread thread;

	private volatile boolean registered;

	ResqueWorker(String name, WorkerPool pool, StringRedisTemplate redis, ResqueKeys keys, JobCodec codec,
			JobInvoker invoker, JobPlugins plugins, ResqueJobListener listener, RedisOutage outage, Clock clock,
			ObservationRegistry observations) {
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
		this.fixedKeys = List.of(keys.worker(id()), keys.processed(), keys.processed(name), keys.failedCount(),
				keys.failedCount(name), keys.failed());
	}

	String name() {
		return this.name;
	}

	/** The registration id, {@code <name>:<queuesCsv>}. */
	String id() {
		return this.name + ":" + this.pool.settings().queuesCsv();
	}

	boolean isRegistered() {
		return this.registered;
	}

	boolean isBusy() {
		return this.current != null;
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
				pending = observed(taken);
			}
			catch (DataAccessException ex) {
				this.outage.failed(ex);
				pauseQuietly(RedisOutage.backoff(failures++));
			}
			catch (InterruptedException ex) {
				// woken to stop: the loop condition decides whether there is anything left to do
			}
		}
		if (!this.abandoned) {
			unregister();
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
				Long requeued = this.redis.execute(ResqueScripts.REQUEUE,
						List.of(this.keys.worker(id()), this.keys.queue(taken.queue())), taken.record(), taken.payload());
				if (requeued != null && requeued > 0) {
					log.warn("Job {} on worker {} did not finish within the shutdown timeout; it was put back at the head of queue {}",
							taken.payload(), this.name, taken.queue());
				}
			}
			catch (DataAccessException ex) {
				log.warn("Job {} on worker {} did not finish within the shutdown timeout and Redis is unavailable ({}); "
						+ "its working-on record stays for recovery", taken.payload(), this.name, ex.getMessage());
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
		List<String> args = new ArrayList<>(6 + queues.size());
		args.add((finish != null) ? finish.status() : "");
		args.add((finish != null) ? finish.record() : "");
		args.add((finish != null && finish.failedEntry() != null) ? finish.failedEntry() : "");
		args.add(take ? "1" : "0");
		String start = this.codec.workingOnStart(now);
		String middle = this.codec.workingOnMiddle(this.name);
		args.add(start);
		args.add(middle);
		for (String queue : queues) {
			scriptKeys.add(this.keys.queue(queue));
			args.add(JobCodec.quote(queue));
		}
		List<String> reply = this.redis.execute(ResqueScripts.WORK, scriptKeys, args.toArray());
		if (reply == null || reply.size() < 2 || reply.get(1) == null) {
			return null;
		}
		String queue = queues.get(Integer.parseInt(reply.get(0)));
		String payload = reply.get(1);
		Taken taken = new Taken(queue, payload, start + JobCodec.quote(queue) + middle + payload + "}");
		this.current = taken;
		return taken;
	}

	/**
	 * Performs a job inside the {@code resque.job.process} observation, tagged with queue, job and outcome
	 * ({@code success}, {@code failure}, {@code retried} or {@code dropped}).
	 */
	private Outcome observed(Taken taken) {
		JobProcessContext context = new JobProcessContext(this.codec.traceOf(taken.payload()));
		Observation observation = Observation.createNotStarted("resque.job.process", () -> context, this.observations)
			.lowCardinalityKeyValue("queue", taken.queue())
			.lowCardinalityKeyValue("job", jobName(taken.payload()))
			.contextualName(taken.queue() + " process")
			.start();
		Outcome outcome = null;
		try (Observation.Scope scope = observation.openScope()) {
			outcome = perform(taken);
			return outcome;
		}
		finally {
			String status = (outcome != null) ? outcome.status() : "failed";
			observation.lowCardinalityKeyValue("outcome", switch (status) {
				case "ok" -> "success";
				case "failed" -> "failure";
				default -> status;
			});
			observation.stop();
		}
	}

	/** The job's name for tags; read without decoding the whole payload, which happens once in perform. */
	private String jobName(String payload) {
		int at = payload.indexOf("\"class\":\"");
		if (at < 0) {
			return "unknown";
		}
		int start = at + 9;
		int end = payload.indexOf('"', start);
		return (end > start) ? payload.substring(start, end) : "unknown";
	}

	private Outcome perform(Taken taken) {
		long started = System.nanoTime();
		Job job;
		try {
			job = this.codec.decode(taken.payload(), taken.queue());
		}
		catch (InvalidPayloadException ex) {
			return failed(taken, null, ex, started);
		}
		PerformContext context = new PerformContext(job, this.name);
		List<ResquePlugin> plugins = this.plugins.forJob(job.name());
		List<ResquePlugin> passed = new ArrayList<>(plugins.size());
		try {
			for (ResquePlugin plugin : plugins) {
				if (!plugin.beforePerform(context)) {
					log.debug("Job {} from queue {} was dropped by plugin {}", job.name(), taken.queue(), plugin);
					this.current = null;
					return new Outcome("dropped", taken.record(), null);
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
				return new Outcome("ok", taken.record(), null);
			}
			if (context.retryDelay() != null && !this.abandoned) {
				log.debug("Job {} from queue {} failed on worker {} and runs again in {}: {}", job.name(), taken.queue(),
						this.name, context.retryDelay(), failure.toString());
				this.listener.jobRetryScheduled(new JobRetryScheduledEvent(this.name, job, failure, context.retryDelay()));
				return new Outcome("retried", taken.record(), null);
			}
			return failed(taken, job, failure, started);
		}
		finally {
			this.current = null;
			if (this.pool.isStopping()) {
				// an interrupt meant for a job that outlived the shutdown timeout must not reach the next step
				Thread.interrupted();
			}
		}
	}

	private Outcome failed(Taken taken, @Nullable Job job, Throwable ex, long started) {
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		this.current = null;
		if (this.abandoned) {
			log.debug("Abandoned job {} on worker {} ended with {}", taken.payload(), this.name, ex.toString());
			return new Outcome("failed", taken.record(), null);
		}
		String jobName = (job != null) ? job.name() : "(unreadable payload)";
		log.warn("Job {} from queue {} failed on worker {}: {}", jobName, taken.queue(), this.name, ex.toString());
		String entry = this.codec.encodeFailure(this.name, taken.queue(), taken.payload(), Failures.exception(ex),
				Failures.error(ex), Failures.backtrace(ex), this.clock.instant());
		this.listener.jobFailed(new JobFailedEvent(this.name, taken.queue(), job, taken.payload(), ex, duration));
		if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
			log.error("Worker {} hit {}", this.name, error.toString());
		}
		return new Outcome("failed", taken.record(), entry);
	}

	private boolean register() {
		Instant now = this.clock.instant();
		int attempt = 0;
		while (!this.pool.isStopping()) {
			try {
				this.redis.execute(ResqueScripts.REGISTER_WORKER,
						List.of(this.keys.workers(), this.keys.workerStarted(id()), this.keys.workerPing(this.name),
								this.keys.heartbeats()),
						id(), ResqueDates.formatStarted(now),
						this.codec.ping(now, this.name, this.pool.settings().queuesCsv()),
						ResqueDates.formatRunAt(now));
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
		try {
			this.redis.execute(ResqueScripts.UNREGISTER_WORKER,
					List.of(this.keys.workers(), this.keys.workerStarted(id()), this.keys.workerPing(this.name),
							this.keys.heartbeats(), this.keys.worker(id()), this.keys.processed(this.name),
							this.keys.failedCount(this.name)),
					id());
		}
		catch (DataAccessException ex) {
			log.warn("Worker {} could not unregister ({}); the scheduler will clean it up", this.name, ex.getMessage());
		}
		this.listener.workerStopped(new WorkerStoppedEvent(this.name, this.pool.settings().queues()));
		log.info("Resque worker {} stopped", this.name);
	}

	private void pauseQuietly(Duration duration) {
		try {
			this.pool.pause(duration);
		}
		catch (InterruptedException ex) {
			// woken to stop: the caller's loop ends
		}
	}

	/** A job this worker holds: where it came from, its bytes and its working-on record. */
	private record Taken(String queue, String payload, String record) {
	}

	/** How the last job ended, recorded together with taking the next one. */
	private record Outcome(String status, String record, @Nullable String failedEntry) {
	}

}
