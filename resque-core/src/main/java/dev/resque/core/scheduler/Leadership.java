package dev.resque.core.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.event.LeaderGainedEvent;
import dev.resque.core.event.LeaderLostEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * The scheduler's leadership: the leader lock shared with node-resque, held together with resque-scheduler's, taken
 * or renewed at every poll and given up on stop. Gaining and losing it are logged and told to the listener.
 */
final class Leadership {

	private static final Logger log = LoggerFactory.getLogger(Leadership.class);

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final SchedulerSettings settings;

	private final ResqueSchedulerListener listener;

	private final String name;

	private final Clock clock;

	private volatile boolean leader;

	private volatile Instant since = Instant.EPOCH;

	private volatile long renewedAt;

	Leadership(StringRedisTemplate redis, ResqueKeys keys, SchedulerSettings settings, ResqueSchedulerListener listener,
			String name, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.settings = settings;
		this.listener = listener;
		this.name = name;
		this.clock = clock;
	}

	boolean isLeader() {
		return this.leader;
	}

	/** When this scheduler last became the leader. */
	Instant since() {
		return this.since;
	}

	/** Takes or renews the lock; returns whether this scheduler leads. */
	boolean tryForLeadership() {
		Long held = this.redis.execute(ResqueScripts.ACQUIRE_LEADER,
				List.of(this.keys.leaderLock(), this.keys.rubySchedulerLock()), this.name,
				Long.toString(Math.max(1, this.settings.leaderLockTimeout().toSeconds())));
		this.renewedAt = System.nanoTime();
		boolean isLeader = held != null && held == 1;
		if (isLeader && !this.leader) {
			this.leader = true;
			this.since = this.clock.instant();
			log.info("Resque scheduler {} is now the leader", this.name);
			this.listener.leaderGained(new LeaderGainedEvent(this.name));
		}
		else if (!isLeader && this.leader) {
			this.leader = false;
			log.info("Resque scheduler {} is no longer the leader", this.name);
			this.listener.leaderLost(new LeaderLostEvent(this.name));
		}
		return isLeader;
	}

	/** Renews the lock when a poll interval has passed since the last renewal; returns whether it renewed. */
	boolean renewIfDue() {
		if (System.nanoTime() - this.renewedAt >= this.settings.pollInterval().toNanos()) {
			tryForLeadership();
			return true;
		}
		return false;
	}

	/** Gives the lock up (it would expire by itself if Redis cannot be reached). */
	void release() {
		try {
			this.redis.execute(ResqueScripts.RELEASE_LEADER,
					List.of(this.keys.leaderLock(), this.keys.rubySchedulerLock()), this.name);
		}
		catch (DataAccessException ex) {
			log.debug("Could not release the leader lock; it expires by itself", ex);
		}
		if (this.leader) {
			this.leader = false;
			log.info("Resque scheduler {} stopped and gave up leadership", this.name);
			this.listener.leaderLost(new LeaderLostEvent(this.name));
		}
	}

}
