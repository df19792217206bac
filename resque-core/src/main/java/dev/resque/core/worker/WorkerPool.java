package dev.resque.core.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * The worker threads of one queue list, and how they wait when idle: one idle worker waits for the poll interval
 * and then looks at Redis; the others sleep until woken. A wake-up signal (our enqueue's pub/sub message) or a
 * worker that found a job wakes one more, so idle pools cost Redis one look per poll interval, not one per
 * thread, and a burst of jobs still spreads across the pool at once.
 */
final class WorkerPool {

	private final WorkerPoolSettings settings;

	private final StringRedisTemplate redis;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	// read by the ping thread while a hung worker may be replaced
	private final List<ResqueWorker> workers = new CopyOnWriteArrayList<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition workAvailable = this.lock.newCondition();

	private final Condition stopped = this.lock.newCondition();

	private int signals;

	private boolean pollerWaiting;

	private volatile boolean stopping;

	private volatile List<String> wildcardQueues = List.of();

	/** Of the {@code *} pool's queues, those that held jobs at its last look or that our enqueues named since. */
	private volatile List<String> wildcardHolding = List.of();

	/** The queues our wake-ups named since the last look. */
	private final Set<String> named = ConcurrentHashMap.newKeySet();

	private volatile boolean namedSinceLook;

	private volatile long wildcardRefreshedAt;

	WorkerPool(WorkerPoolSettings settings, StringRedisTemplate redis, ResqueKeys keys) {
		this.settings = settings;
		this.redis = redis;
		this.calls = new RedisCalls(redis.getRequiredConnectionFactory());
		this.keys = keys;
	}

	WorkerPoolSettings settings() {
		return this.settings;
	}

	void add(ResqueWorker worker) {
		this.workers.add(worker);
	}

	/** A new worker takes the place of one given up on. */
	void replace(ResqueWorker gone, ResqueWorker replacement) {
		this.workers.replaceAll((worker) -> (worker == gone) ? replacement : worker);
	}

	List<ResqueWorker> workers() {
		return this.workers;
	}

	boolean isStopping() {
		return this.stopping;
	}

	/** Whether a job enqueued on this queue is for this pool. */
	boolean worksOn(String queue) {
		return this.settings.isWildcard() || this.settings.queues().contains(queue);
	}

	/**
	 * The queues to take from, in the order to try them: the configured ones, or for {@code *} the known queues
	 * that held jobs at the pool's last look (once per poll interval) and those our enqueues named since, in
	 * alphabetical order; drawn afresh for each take when the pool's order is weighted. A {@code *} pool over many
	 * queues so passes only a few to each take rather than every empty one; before a worker idles it looks at every
	 * queue ({@link #allQueues()}), so a job that reached a queue outside that set without a wake-up (another
	 * program's, or one given back or recovered) waits at most a poll interval.
	 */
	List<String> queues() {
		if (!this.settings.isWildcard()) {
			return this.settings.order().apply(this.settings.queues());
		}
		refreshWildcard();
		if (this.namedSinceLook) {
			addNamed();
		}
		List<String> holding = this.wildcardHolding;
		return this.settings.order().apply(holding.isEmpty() ? this.wildcardQueues : holding);
	}

	/** Every queue the pool works, in the order to try them: for {@code *}, every known queue. */
	List<String> allQueues() {
		if (!this.settings.isWildcard()) {
			return queues();
		}
		refreshWildcard();
		return this.settings.order().apply(this.wildcardQueues);
	}

	/** Whether a take from these queues may have passed over some of the pool's queues. */
	boolean isNarrowed(List<String> queues) {
		if (!this.settings.isWildcard()) {
			return false;
		}
		List<String> all = this.wildcardQueues;
		// a queue named by a wake-up may be one the last look did not know yet: the sizes alone do not tell
		return queues.size() < all.size() || !queues.containsAll(all);
	}

	/** The queues that held jobs gave none: the next takes look at every queue until the pool looks again. */
	void narrowedEmpty() {
		this.wildcardHolding = List.of();
	}

	private void refreshWildcard() {
		long now = System.nanoTime();
		if (now - this.wildcardRefreshedAt < this.settings.pollInterval().toNanos() && !this.wildcardQueues.isEmpty()) {
			return;
		}
		// a queue named from here on is added after this look, which may not see its job yet
		this.named.clear();
		Set<String> members = this.redis.opsForSet().members(this.keys.queues());
		List<String> all = (members != null) ? List.copyOf(new TreeSet<>(members)) : List.of();
		List<String> holding = new ArrayList<>();
		if (all.size() > 1) {
			List<Long> lengths = queueLengths(all);
			for (int i = 0; i < lengths.size(); i++) {
				if (lengths.get(i) > 0) {
					holding.add(all.get(i));
				}
			}
		}
		synchronized (this) {
			this.wildcardQueues = all;
			this.wildcardHolding = List.copyOf(holding);
			this.wildcardRefreshedAt = now;
		}
	}

	/**
	 * Which queues hold jobs now, in one pipeline (a key of another type counts none; the take scripts pass over it
	 * too). Where no pipeline can run (Jedis on a cluster), nothing: every take then looks at every queue.
	 */
	private List<Long> queueLengths(List<String> queues) {
		try {
			return this.calls.listLengths("look at the queues of a * pool", queues.stream().map(this.keys::queue).toList());
		}
		catch (InvalidDataAccessApiUsageException | UnsupportedOperationException ex) {
			return List.of();
		}
	}

	/**
	 * Our enqueue put a job on this queue: while a {@code *} pool takes from the queues that held jobs, it takes
	 * from this one too, until it looks at its queues again.
	 */
	void signal(String queue) {
		if (this.settings.isWildcard() && this.named.add(queue)) {
			this.namedSinceLook = true;
		}
		signal();
	}

	/** The queues named by wake-ups join those that held jobs (unless every queue is looked at already). */
	private synchronized void addNamed() {
		this.namedSinceLook = false;
		List<String> holding = this.wildcardHolding;
		if (holding.isEmpty() || holding.containsAll(this.named)) {
			return;
		}
		TreeSet<String> more = new TreeSet<>(holding);
		more.addAll(this.named);
		this.wildcardHolding = List.copyOf(more);
	}

	/** Wakes one idle worker: there may be a job for it. */
	void signal() {
		this.lock.lock();
		try {
			if (this.signals < this.settings.concurrency()) {
				this.signals++;
			}
			this.workAvailable.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Makes every worker stop taking jobs and wakes the idle ones so they can leave. */
	void stop() {
		this.lock.lock();
		try {
			this.stopping = true;
			this.workAvailable.signalAll();
			this.stopped.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Called by a worker that found no job: returns when it should look again.
	 */
	void awaitWork() throws InterruptedException {
		this.lock.lock();
		try {
			if (this.stopping) {
				return;
			}
			if (this.signals > 0) {
				this.signals--;
				return;
			}
			if (this.pollerWaiting) {
				while (this.signals == 0 && !this.stopping) {
					this.workAvailable.await();
				}
			}
			else {
				this.pollerWaiting = true;
				try {
					long nanos = this.settings.pollInterval().toNanos();
					while (this.signals == 0 && !this.stopping && nanos > 0) {
						nanos = this.workAvailable.awaitNanos(nanos);
					}
				}
				finally {
					this.pollerWaiting = false;
				}
			}
			if (this.signals > 0) {
				this.signals--;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Sleeps for a back-off unless the pool is stopping; an interrupt (a wake-up to stop) ends it early. */
	void pauseQuietly(Duration duration) {
		try {
			pause(duration);
		}
		catch (InterruptedException ex) {
			// woken to stop: the caller's loop ends
		}
	}

	/** Sleeps for a back-off unless the pool is stopping. */
	private void pause(Duration duration) throws InterruptedException {
		this.lock.lock();
		try {
			if (!this.stopping) {
				this.stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
