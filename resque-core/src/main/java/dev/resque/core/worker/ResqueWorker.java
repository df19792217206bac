package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import dev.resque.core.event.WorkerStartedEvent;
import dev.resque.core.event.WorkerStoppedEvent;
import dev.resque.core.job.Job;

/**
 * One registered Resque worker on its own thread: takes a job, performs it, records the outcome, and takes the
 * next, one script per job. A job is on its queue or in this worker's working-on record, never in between. The
 * worker keeps nothing Redis does not hold: after a failed call it calls again, and the take script hands back
 * the job it already recorded.
 */
final class ResqueWorker implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ResqueWorker.class);

	private final String name;

	private final String id;

	private final WorkerPool pool;

	private final WorkerContext context;

	private final WorkScript script;

	private final JobProcessor processor;

	private final WorkerRegistrar registrar;

	private final ShutdownRequeue requeue;

	private volatile @Nullable TakenJob current;

	/** The job in {@code perform} right now, to stop it from another thread. */
	private volatile @Nullable RunningJob running;

	private volatile boolean abandoned;

	private volatile @Nullable Thread thread;

	/** The record of a job whose handling broke outside its own code, to fail it rather than loop on it. */
	private byte @Nullable [] brokeOn;

	/** The job taken last, until the call that records its outcome has succeeded. */
	private @Nullable TakenJob unrecorded;

	ResqueWorker(String name, WorkerPool pool, WorkerContext context, JobProcessor processor) {
		this.name = name;
		this.id = name + ":" + pool.settings().queuesCsv();
		this.pool = pool;
		this.context = context;
		this.processor = processor;
		this.script = new WorkScript(name, this.id, pool, context);
		this.registrar = new WorkerRegistrar(name, this.id, pool, context);
		this.requeue = new ShutdownRequeue(name, this.id, context);
	}

	String name() {
		return this.name;
	}

	WorkerPool pool() {
		return this.pool;
	}

	/** The registration id, {@code <name>:<queuesCsv>}. */
	String id() {
		return this.id;
	}

	/** When the worker registered, in Ruby's {@code Time#to_s} form, as its {@code started} key holds it. */
	String started() {
		return this.registrar.started();
	}

	boolean isRegistered() {
		return this.registrar.isRegistered();
	}

	boolean isBusy() {
		return this.current != null;
	}

	boolean isAbandoned() {
		return this.abandoned;
	}

	boolean isStopping() {
		return this.pool.isStopping();
	}

	/** The concurrency slots its job takes up, for its pings to renew. */
	List<String> heldSlots() {
		return isBusy() ? this.script.heldSlots() : List.of();
	}

	void running(@Nullable RunningJob running) {
		this.running = running;
	}

	/**
	 * Cancels the job in {@code perform} if it is this one: its thread is interrupted and it is recorded cancelled.
	 * @return whether it was
	 */
	boolean cancel(Job job) {
		RunningJob now = this.running;
		if (now == null || !now.job().equals(job)) {
			return false;
		}
		return now.interrupt(RunningJob.State.CANCELLED);
	}

	/** The job it took has ended, whatever its outcome: nothing is left to give back at shutdown. */
	void jobEnded() {
		this.current = null;
	}

	/** Whether Redis answered the last attempt to remove the registration (it did not when it was away). */
	boolean redisAnsweredUnregister() {
		return this.registrar.redisAnsweredUnregister();
	}

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		if (!this.registrar.register()) {
			return;
		}
		this.context.listener().workerStarted(new WorkerStartedEvent(this.name, this.pool.settings().queues()));
		log.info("Resque worker {} started on queues {}", this.name, this.pool.settings().queues());
		FinishedJob pending = null;
		int failures = 0;
		while (!this.abandoned && (!this.pool.isStopping() || pending != null)) {
			try {
				TakenJob taken = this.script.call(pending, !this.pool.isStopping());
				if (taken != null) {
					this.current = taken;
				}
				pending = null;
				this.unrecorded = taken;
				failures = 0;
				this.context.outage().succeeded();
				if (taken == null) {
					Duration limited = this.script.limitedFor();
					if (limited != null) {
						// a queue's limit held its jobs back: look again when it may give one, not at the next poll
						Duration poll = this.pool.settings().pollInterval();
						this.pool.pauseQuietly((limited.compareTo(poll) < 0) ? limited : poll);
					}
					else if (!this.pool.isStopping()) {
						this.pool.awaitWork();
					}
					continue;
				}
				// more jobs may be waiting: let another idle worker look
				this.pool.signal();
				pending = this.processor.process(this, taken, brokeOn(taken));
				JobStatistics statistics = this.context.statistics();
				if (statistics != null && !this.abandoned) {
					statistics.record(pending.outcome(), taken.queue());
				}
			}
			catch (DataAccessException ex) {
				// the call may still run when Redis answers: calling again is safe, the take script hands back
				// the job a late run recorded instead of taking another
				this.context.outage().failed(ex);
				this.pool.pauseQuietly(RedisOutage.backoff(failures++));
			}
			catch (InterruptedException ex) {
				// woken to stop: the loop condition decides whether there is anything left to do
			}
			catch (Throwable ex) {
				// not the job's own code (that is caught in perform) but the worker's: an Error while building a
				// record, say. The job stays in the working-on record and the next take hands it back.
				TakenJob taken = this.unrecorded;
				this.brokeOn = (taken != null) ? taken.record() : null;
				this.unrecorded = null;
				this.current = null;
				log.error("Worker {} hit {} outside a job; it carries on and takes its job again", this.name,
						ex.toString(), ex);
				this.pool.pauseQuietly(RedisOutage.backoff(failures++));
			}
		}
		if (!this.abandoned) {
			if (failures > 0) {
				// stopping after calls that failed: one of them may have taken a job Redis now holds for us
				this.requeue.heldAfterFailedCalls();
			}
			unregister();
		}
	}

	/** Whether this job broke the worker before: it is then failed instead of run again (once). */
	private boolean brokeOn(TakenJob taken) {
		if (taken.record() == this.brokeOn || Arrays.equals(taken.record(), this.brokeOn)) {
			this.brokeOn = null;
			return true;
		}
		return false;
	}

	/**
	 * Gives the running job back to the head of its queue when it did not finish within the shutdown timeout.
	 * Its outcome, if it ever finishes, is then not recorded.
	 */
	void abandon() {
		this.abandoned = true;
		TakenJob taken = this.current;
		if (taken != null) {
			this.requeue.unfinished(taken);
		}
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
		}
		unregister();
	}

	/**
	 * Gives up on this worker, whose job ignored the interrupt of its timeout: the job is put back at the head of
	 * its queue or moved to the failed queue, as {@code action} says, and the worker unregisters. The thread runs
	 * on until the job returns; its outcome is then not recorded.
	 * @return whether the job went back to its queue
	 */
	boolean abandonHung(TakenJob taken, StuckJobAction action, JobTimeoutException reason) {
		this.abandoned = true;
		boolean requeued = false;
		if (action == StuckJobAction.REQUEUE) {
			requeued = this.requeue.hung(taken);
		}
		else {
			try {
				String entry = this.context.codec().encodeFailure(this.id, taken.queue(), taken.payload(),
						Failures.exception(reason), Failures.error(reason) + "; its worker was given up on as hung",
						List.of(), this.context.clock().instant());
				this.script.call(new FinishedJob(JobOutcome.FAILURE, taken.record(),
						entry.getBytes(StandardCharsets.UTF_8), reason), false);
			}
			catch (RuntimeException ex) {
				log.warn("The job of hung worker {} could not be moved to the failed queue ({}); its working-on "
						+ "record stays for the scheduler to recover", this.name, ex.toString());
			}
		}
		unregister();
		return requeued;
	}

	private void unregister() {
		if (!this.registrar.unregister()) {
			log.warn("Worker {} stopped holding a job it could not give back; the scheduler recovers it once the "
					+ "worker's ping is stale", this.name);
		}
		this.context.listener().workerStopped(new WorkerStoppedEvent(this.name, this.pool.settings().queues()));
		log.info("Resque worker {} stopped", this.name);
	}

	/**
	 * Removes the worker's registration, unless it still holds a job (which the scheduler then recovers); safe to
	 * call again, as after a ping that raced with stopping. Returns false when the job stays.
	 */
	boolean removeRegistration() {
		return this.registrar.remove();
	}

}
