package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import dev.resque.core.redis.ResqueKeys;

/**
 * The pub/sub channel on which our enqueue names the queue it pushed to: each message wakes an idle worker of
 * every pool that works that queue, so pickup takes milliseconds rather than a poll interval. The same
 * subscription hears the control channel, on which a cancellation names the job to stop wherever it runs.
 * Subscribing holds a connection of its own, never the shared one.
 */
final class WakeUpSubscription {

	private static final Logger log = LoggerFactory.getLogger(WakeUpSubscription.class);

	private final RedisMessageListenerContainer listener = new RedisMessageListenerContainer();

	WakeUpSubscription(RedisConnectionFactory connectionFactory, ResqueKeys keys, List<WorkerPool> pools,
			Consumer<String> cancellations) {
		this.listener.setConnectionFactory(connectionFactory);
		// a wake-up only signals a pool: run it on the subscription thread rather than a new thread per message
		this.listener.setTaskExecutor(new SyncTaskExecutor());
		// a blocking client (Jedis) holds a thread for the subscription; without an executor of its own it would
		// take the task executor, the caller's thread
		SimpleAsyncTaskExecutor subscription = new SimpleAsyncTaskExecutor("resque-wakeups-");
		subscription.setDaemon(true);
		this.listener.setSubscriptionExecutor(subscription);
		this.listener.addMessageListener((message, pattern) -> wakeUp(pools, new String(message.getBody())),
				new ChannelTopic(keys.wakeUpChannel()));
		this.listener.addMessageListener(
				(message, pattern) -> cancellations.accept(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(keys.cancelChannel()));
	}

	/** Whether a failed subscription was logged: a Redis away at start is told once, not at every retry. */
	private boolean waiting;

	/**
	 * Subscribes. When Redis cannot be reached (it is down as the application starts), the workers poll meanwhile
	 * and {@link #ensureStarted()}, called at every ping, subscribes once it answers: the application starts
	 * whether or not Redis is there.
	 */
	void start() {
		this.listener.afterPropertiesSet();
		ensureStarted();
	}

	/** Subscribes unless subscribed already; failures are logged once until it succeeds. */
	synchronized void ensureStarted() {
		if (this.listener.isRunning()) {
			return;
		}
		try {
			this.listener.start();
			if (this.waiting) {
				this.waiting = false;
				log.info("Resque wake-ups are subscribed again: idle workers wake at once on our enqueues");
			}
		}
		catch (RuntimeException ex) {
			if (!this.waiting) {
				this.waiting = true;
				log.warn("Resque wake-ups cannot subscribe yet ({}); workers poll meanwhile, and they subscribe "
						+ "once Redis answers", ex.getMessage());
			}
			this.listener.stop();
		}
	}

	void stop() {
		this.listener.stop();
		try {
			this.listener.destroy();
		}
		catch (Exception ex) {
			log.debug("Closing the wake-up subscription failed", ex);
		}
	}

	private static void wakeUp(List<WorkerPool> pools, String queue) {
		for (WorkerPool pool : pools) {
			if (pool.worksOn(queue)) {
				pool.signal(queue);
			}
		}
	}

}
