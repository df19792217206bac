package dev.resque.autoconfigure.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.queue.WorkerStatus;

/**
 * The state of Resque in Redis as the gauges show it, read at most once per refresh interval however many
 * meters are scraped, so a scrape costs Redis a handful of commands and not one per meter.
 */
public class ResqueSnapshot {

	private static final Logger log = LoggerFactory.getLogger(ResqueSnapshot.class);

	/** The admins of every shard: the gauges add them up. */
	private final Supplier<List<ResqueAdmin>> admins;

	private final Duration refreshInterval;

	private final Clock clock;

	private volatile State state = new State(Map.of(), 0, 0, 0, 0, Instant.EPOCH);

	public ResqueSnapshot(Supplier<ResqueAdmin> admin, Duration refreshInterval) {
		this(() -> List.of(admin.get()), refreshInterval, Clock.systemUTC());
	}

	/** A snapshot of several shards, each queue's length and every count added up over them. */
	public static ResqueSnapshot ofShards(Supplier<List<ResqueAdmin>> admins, Duration refreshInterval) {
		return new ResqueSnapshot(admins, refreshInterval, Clock.systemUTC());
	}

	ResqueSnapshot(Supplier<List<ResqueAdmin>> admins, Duration refreshInterval, Clock clock) {
		this.admins = admins;
		this.refreshInterval = refreshInterval;
		this.clock = clock;
	}

	/** The state last read, without reading Redis: empty before the first read. */
	public State last() {
		return this.state;
	}

	/** The latest state, read again when older than the refresh interval. */
	public State state() {
		State current = this.state;
		Instant now = this.clock.instant();
		if (Duration.between(current.readAt(), now).compareTo(this.refreshInterval) < 0) {
			return current;
		}
		synchronized (this) {
			if (this.state != current) {
				return this.state;
			}
			try {
				this.state = read(now);
			}
			catch (DataAccessException ex) {
				log.debug("Resque gauges keep their last values: {}", ex.getMessage());
				this.state = new State(current.queues(), current.failed(), current.delayed(), current.workers(),
						current.busyWorkers(), now);
			}
			return this.state;
		}
	}

	private State read(Instant now) {
		Map<String, Long> queues = new HashMap<>();
		long failed = 0;
		long delayed = 0;
		long workers = 0;
		long busy = 0;
		for (ResqueAdmin admin : this.admins.get()) {
			admin.queues().lengths().forEach((queue, length) -> queues.merge(queue, length, Long::sum));
			delayed += admin.delayed().count();
			List<WorkerStatus> statuses = admin.workers().statuses();
			workers += statuses.size();
			busy += statuses.stream().filter((worker) -> !worker.isIdle()).count();
			failed += admin.failures().count();
		}
		return new State(Map.copyOf(queues), failed, delayed, workers, busy, now);
	}

	/**
	 * What the gauges show.
	 *
	 * @param queues jobs waiting, by queue
	 * @param failed entries in the failed queue
	 * @param delayed delayed jobs
	 * @param workers registered workers of every instance and language
	 * @param busyWorkers workers running a job
	 * @param readAt when it was read
	 */
	public record State(Map<String, Long> queues, long failed, long delayed, long workers, long busyWorkers,
			Instant readAt) {
	}

}
