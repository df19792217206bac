package dev.resque.core.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.ResqueDates;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.redis.RedisEndpoints;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * Runs the worker pools of an application. Started after all beans exist; on shutdown the workers stop taking
 * jobs, running jobs get until the shutdown timeout to finish, and jobs still running then are put back at the
 * head of their queue before the workers unregister, all before the Redis connection closes.
 */
public class ResqueWorkerContainer implements SmartLifecycle {

	/** Late start, early stop: after the Redis connection factory (phase 0) starts, before it stops. */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	private static final Logger log = LoggerFactory.getLogger(ResqueWorkerContainer.class);

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final JobInvoker invoker;

	private final JobPlugins plugins;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final ResqueJobListener listener;

	private final List<WorkerPoolSettings> poolSettings;

	private final Duration pingInterval;

	private final Duration shutdownTimeout;

	private final RedisOutage outage;

	private final Clock clock = Clock.systemUTC();

	private final List<WorkerPool> pools = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private ScheduledExecutorService pinger;

	private RedisMessageListenerContainer wakeUps;

	private volatile boolean running;

	public ResqueWorkerContainer(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			JobInvoker invoker, ResqueJobListener listener, List<WorkerPoolSettings> pools, Duration pingInterval,
			Duration shutdownTimeout) {
		this(connectionFactory, keys, codec, invoker, JobPlugins.none(), listener, pools, pingInterval, shutdownTimeout);
	}

	/** A container whose workers run the jobs' perform plugins. */
	public ResqueWorkerContainer(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			JobInvoker invoker, JobPlugins plugins, ResqueJobListener listener, List<WorkerPoolSettings> pools,
			Duration pingInterval, Duration shutdownTimeout) {
		this.plugins = plugins;
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keys = keys;
		this.codec = codec;
		this.invoker = invoker;
		this.listener = listener;
		this.poolSettings = List.copyOf(pools);
		this.pingInterval = pingInterval;
		this.shutdownTimeout = shutdownTimeout;
		this.outage = new RedisOutage(RedisEndpoints.describe(connectionFactory));
	}

	/** Observes each job's processing ({@code resque.job.process}: a timer and a long-task timer with Micrometer). */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/** Whether any worker of this container is running a job right now. */
	public long busyWorkers() {
		return this.pools.stream().flatMap((pool) -> pool.workers().stream()).filter(ResqueWorker::isBusy).count();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.pools.clear();
		this.threads.clear();
		for (WorkerPoolSettings settings : this.poolSettings) {
			WorkerPool pool = new WorkerPool(settings, this.redis, this.keys);
			for (int i = 0; i < settings.concurrency(); i++) {
				ResqueWorker worker = new ResqueWorker(WorkerNames.next(), pool, this.redis, this.keys, this.codec,
						this.invoker, this.plugins, this.listener, this.outage, this.clock, this.observationRegistry);
				pool.add(worker);
				Thread thread = new Thread(worker, "resque-" + settings.name() + "-" + (i + 1));
				this.threads.add(thread);
			}
			this.pools.add(pool);
		}
		this.wakeUps = new RedisMessageListenerContainer();
		this.wakeUps.setConnectionFactory(this.connectionFactory);
		// a wake-up only signals a pool: run it on the subscription thread rather than a new thread per message
		this.wakeUps.setTaskExecutor(new SyncTaskExecutor());
		// a blocking client (Jedis) holds a thread for the subscription; without an executor of its own it would
		// take the task executor, the caller's thread
		SimpleAsyncTaskExecutor subscription = new SimpleAsyncTaskExecutor("resque-wakeups-");
		subscription.setDaemon(true);
		this.wakeUps.setSubscriptionExecutor(subscription);
		this.wakeUps.addMessageListener((message, pattern) -> wakeUp(new String(message.getBody())),
				new ChannelTopic(this.keys.wakeUpChannel()));
		this.wakeUps.afterPropertiesSet();
		this.wakeUps.start();
		this.threads.forEach(Thread::start);
		this.pinger = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "resque-ping");
			thread.setDaemon(true);
			return thread;
		});
		this.pinger.scheduleWithFixedDelay(this::ping, this.pingInterval.toMillis(), this.pingInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public synchronized void stop(Runnable callback) {
		if (!this.running) {
			callback.run();
			return;
		}
		this.running = false;
		this.pools.forEach(WorkerPool::stop);
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		for (Thread thread : this.threads) {
			long remaining = deadline - System.nanoTime();
			if (remaining > 0) {
				try {
					thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		for (WorkerPool pool : this.pools) {
			for (ResqueWorker worker : pool.workers()) {
				Thread thread = this.threads.get(indexOf(worker));
				if (thread.isAlive()) {
					worker.abandon();
				}
			}
		}
		this.pinger.shutdownNow();
		try {
			this.pinger.awaitTermination(5, TimeUnit.SECONDS);
			// a ping that raced with unregistration must not leave a ghost behind
			this.redis.delete(this.pools.stream()
				.flatMap((pool) -> pool.workers().stream())
				.map((worker) -> this.keys.workerPing(worker.name()))
				.toList());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (DataAccessException ex) {
			log.debug("Could not clear ping records", ex);
		}
		this.wakeUps.stop();
		try {
			this.wakeUps.destroy();
		}
		catch (Exception ex) {
			log.debug("Closing the wake-up subscription failed", ex);
		}
		callback.run();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

	/** The names of this container's workers, as registered. */
	public List<String> workerNames() {
		return this.pools.stream().flatMap((pool) -> pool.workers().stream()).map(ResqueWorker::name).toList();
	}

	private int indexOf(ResqueWorker worker) {
		int index = 0;
		for (WorkerPool pool : this.pools) {
			for (ResqueWorker candidate : pool.workers()) {
				if (candidate == worker) {
					return index;
				}
				index++;
			}
		}
		throw new IllegalStateException("unknown worker " + worker.name());
	}

	private void wakeUp(String queue) {
		for (WorkerPool pool : this.pools) {
			if (pool.worksOn(queue)) {
				pool.signal();
			}
		}
	}

	/**
	 * Pings from a thread of its own, so that no job, however long, makes a live worker look dead; one script on
	 * the shared connection for all workers.
	 */
	private void ping() {
		Instant now = this.clock.instant();
		List<String> scriptKeys = new ArrayList<>();
		List<String> pings = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		scriptKeys.add(this.keys.heartbeats());
		for (WorkerPool pool : this.pools) {
			for (ResqueWorker worker : pool.workers()) {
				if (worker.isRegistered()) {
					scriptKeys.add(this.keys.workerPing(worker.name()));
					pings.add(this.codec.ping(now, worker.name(), pool.settings().queuesCsv()));
					ids.add(worker.id());
				}
			}
		}
		if (pings.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(1 + 2 * pings.size());
		args.add(ResqueDates.formatRunAt(now));
		args.addAll(pings);
		args.addAll(ids);
		try {
			this.redis.execute(ResqueScripts.PING, scriptKeys, args.toArray());
		}
		catch (DataAccessException ex) {
			this.outage.failed(ex);
		}
		catch (RuntimeException ex) {
			log.warn("Ping failed", ex);
		}
	}

}
