package dev.resque.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.springframework.context.SmartLifecycle;

/**
 * The workers, or the schedulers, of the shards other than the default one: started with the default one's (in the
 * same phase) and stopped all at once, each in a thread of its own, so that shutdown takes as long as the slowest
 * shard rather than their sum.
 *
 * @param <T> what runs on each shard
 */
public final class ResqueShardLifecycle<T extends SmartLifecycle> implements SmartLifecycle {

	private final Map<String, T> members;

	private final int phase;

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
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		CountDownLatch stopped = new CountDownLatch(this.members.size());
		if (this.members.isEmpty()) {
			callback.run();
			return;
		}
		this.members.forEach((shard, member) -> {
			Thread thread = new Thread(() -> member.stop(stopped::countDown), "resque-stop-" + shard);
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
		return this.members.values().stream().anyMatch(SmartLifecycle::isRunning);
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
