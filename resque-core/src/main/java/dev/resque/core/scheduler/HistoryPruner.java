package dev.resque.core.scheduler;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * The leader's duty of keeping the history of ended jobs within its caps ({@link JobTracking#historyRetention()},
 * {@link JobTracking#maxHistory()}): entries past the retention leave the index (their statuses expired on their
 * own), then the oldest beyond the most kept go with their statuses. Each script call removes at most
 * {@link #STEP} entries, so Redis is never blocked for long, and a poll makes at most {@link #CALLS} calls.
 */
final class HistoryPruner {

	private static final Logger log = LoggerFactory.getLogger(HistoryPruner.class);

	/** The most entries one script call removes. */
	static final int STEP = 1_000;

	/** The most script calls of one poll: 20,000 entries, more than a busy application ends in a second. */
	static final int CALLS = 20;

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final Clock clock;

	private volatile JobTracking tracking = JobTracking.defaults();

	HistoryPruner(StringRedisTemplate redis, ResqueKeys keys, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
	}

	void tracking(JobTracking tracking) {
		this.tracking = tracking;
	}

	void prune() {
		JobTracking tracking = this.tracking;
		if (!tracking.enabled()) {
			return;
		}
		long oldestKept = this.clock.millis() - tracking.historyRetention().toMillis();
		long total = 0;
		for (int call = 0; call < CALLS; call++) {
			Long removed = this.redis.execute(ResqueScripts.PRUNE_HISTORY, List.of(this.keys.history()),
					this.keys.jobPrefix(), Long.toString(oldestKept), Long.toString(tracking.maxHistory()),
					Integer.toString(STEP));
			total += (removed != null) ? removed : 0;
			if (removed == null || removed < STEP) {
				break;
			}
		}
		if (total > 0) {
			log.debug("Removed {} ended jobs from the history, beyond its retention of {} or its {} entries", total,
					tracking.historyRetention(), tracking.maxHistory());
		}
	}

}
