package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The workers, or the schedulers, of every shard, stopped all at once, each in a thread of its own, so that
 * shutdown takes as long as the slowest shard rather than their sum. Its phase is one above the default shard's
 * own bean, so that it stops first, the default one included (which then has nothing left to do), and starts
 * the other shards just after the default one.
 *
 * @param <T> what runs on each shard
 */
public final class ResqueShardLifecycle<T extends SmartLifecycle> implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ResqueShardLifecycle.class);

	/** How long {@link #stop()} waits when no callback is given (Spring Boot's default shutdown phase). */
	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private final Map<String, T> members;

	private final int phase;

	/**
	 * Its own, not its members': the default shard's member is started in its own phase before this one, which
	 * would otherwise look started already.
	 */
	private volatile boolean running;

	/**
	 * @param members what runs on each shard, by shard name, the default shard's among them when it runs any
	 * @param phase one above that of what runs on each shard
	 */
	ResqueShardLifecycle(Map<String, T> members, int phase) {
		this.members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
		this.phase = phase;
	}

	/** What runs on each shard, by shard name. */
	public Map<String, T> members() {
		return this.members;
	}

	@Override
	public void start() {
		this.members.values().forEach(SmartLifecycle::start);
		this.running = true;
	}

	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			if (!stopped.await(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				log.warn("Shards still stopping after {}: {}", STOP_WAIT, this.members.keySet());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		if (this.members.isEmpty()) {
			callback.run();
			return;
		}
		CountDownLatch stopped = new CountDownLatch(this.members.size());
		this.members.forEach((shard, member) -> {
			Thread thread = new Thread(() -> {
				try {
					member.stop(stopped::countDown);
				}
				catch (RuntimeException ex) {
					log.warn("Stopping shard {} failed", shard, ex);
					stopped.countDown();
				}
			}, "resque-stop-" + shard);
			thread.setDaemon(true);
			thread.start();
		});
		Thread waiter = new Thread(() -> {
			try {
				stopped.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			callback.run();
		}, "resque-stop-shards");
		waiter.setDaemon(true);
		waiter.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
