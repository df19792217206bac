package dev.resque.core.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of a container's workers, supervised: each worker has one thread at a time, made by the thread
 * factory and named after its pool and worker. The supervisor needs the threads themselves, not an executor's
 * tasks: it tells a live worker from a dead one, waits for each at shutdown, and replaces one that died.
 */
final class WorkerThreads {

	private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

	private final ThreadFactory factory;

	private final List<Supervised> supervised = new CopyOnWriteArrayList<>();

	/** Threads of workers given up on as hung, until they end. */
	private final List<Hung> hung = new CopyOnWriteArrayList<>();

	WorkerThreads(ThreadFactory factory) {
		this.factory = factory;
	}

	/** Makes the thread of a worker, the {@code number}th of its pool; it runs from {@link #startAll()}. */
	void add(WorkerPool pool, ResqueWorker worker, int number) {
		String slot = "resque-" + pool.settings().name() + "-" + number;
		this.supervised.add(new Supervised(worker, slot, new AtomicReference<>(newThread(worker, slot))));
	}

	/**
	 * Starts a new worker in the place of one whose job hung: the hung thread is no longer supervised or waited
	 * for, and is reported until it ends.
	 */
	void replaceHung(ResqueWorker gone, ResqueWorker replacement, Thread thread, String jobName) {
		for (int i = 0; i < this.supervised.size(); i++) {
			Supervised entry = this.supervised.get(i);
			if (entry.worker() == gone) {
				Supervised next = new Supervised(replacement, entry.slot(),
						new AtomicReference<>(newThread(replacement, entry.slot())));
				this.supervised.set(i, next);
				this.hung.add(new Hung(gone.name(), jobName, thread, System.nanoTime()));
				next.current().start();
				return;
			}
		}
	}

	/** The hung workers whose threads still run, each with its job and for how long it has hung. */
	List<String> hungWorkers() {
		this.hung.removeIf((entry) -> !entry.thread().isAlive());
		return this.hung.stream()
			.map((entry) -> "worker " + entry.worker() + " is hung in job " + entry.job() + " for "
					+ TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - entry.since())
					+ " s (its thread ignored the interrupt of the job's timeout)")
			.toList();
	}

	void startAll() {
		this.supervised.forEach((entry) -> entry.current().start());
	}

	/** Waits for every thread to end, each within what is left of one shared timeout. */
	void awaitEnd(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Supervised entry : this.supervised) {
			long remaining = deadline - System.nanoTime();
			if (remaining > 0) {
				try {
					entry.current().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
	}

	/** Abandons the workers whose threads still run: their jobs go back to the head of their queues. */
	void abandonUnfinished() {
		for (Supervised entry : this.supervised) {
			if (entry.current().isAlive()) {
				entry.worker().abandon();
			}
		}
	}

	/** The names of the workers whose threads are alive. */
	Set<String> liveWorkerNames() {
		Set<String> live = new HashSet<>();
		for (Supervised entry : this.supervised) {
			if (entry.current().isAlive()) {
				live.add(entry.worker().name());
			}
		}
		return live;
	}

	/** The names of the workers whose threads died while their pool works on, not replaced yet. */
	List<String> deadWorkerNames() {
		List<String> dead = new ArrayList<>();
		for (Supervised entry : this.supervised) {
			if (!entry.current().isAlive() && !entry.worker().isStopping()) {
				dead.add(entry.worker().name());
			}
		}
		return dead;
	}

	/**
	 * A worker thread that died (an Error the worker could not handle) is replaced by a new thread for the same
	 * worker: it registers again, and its first take hands back the job the dead thread held.
	 */
	void replaceDead() {
		for (Supervised entry : this.supervised) {
			Thread thread = entry.current();
			ResqueWorker worker = entry.worker();
			if (!thread.isAlive() && !worker.isStopping() && !worker.isAbandoned()) {
				log.error("Worker thread {} of worker {} died; a new thread takes over its work and its job",
						thread.getName(), worker.name());
				try {
					Thread replacement = newThread(worker, entry.slot());
					entry.thread().set(replacement);
					replacement.start();
				}
				catch (RuntimeException ex) {
					// a thread factory that fails must not stop the pings that follow: the next tick tries again
					log.error("No new thread for worker {}; trying again at the next ping", worker.name(), ex);
				}
			}
		}
	}

	private Thread newThread(ResqueWorker worker, String slot) {
		String name = slot + " (" + worker.name() + ")";
		Thread thread = this.factory.newThread(worker);
		if (thread == null) {
			throw new IllegalStateException(
					"The worker thread factory " + this.factory + " made no thread for worker " + worker.name());
		}
		// named here, whichever factory made it: a thread dump then ties the thread to its registered worker
		thread.setName(name);
		return thread;
	}

	/** A hung worker's thread, the job it is in, and since when ({@link System#nanoTime()}). */
	private record Hung(String worker, String job, Thread thread, long since) {
	}

	/** A worker, the slot of its pool it fills ({@code resque-<pool>-<n>}) and its current thread, replaced when it dies. */
	private record Supervised(ResqueWorker worker, String slot, AtomicReference<Thread> thread) {

		Thread current() {
			return this.thread.get();
		}

	}

}
