package dev.resque.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.StatsRetention;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties' defaults are written as literals (the configuration metadata is read from them); the core's
 * defaults, for use without Spring Boot, must say the same.
 */
class ResquePropertiesDefaultsTests {

	private final ResqueProperties properties = new ResqueProperties();

	@Test
	void schedulerDefaultsAreTheCoresDefaults() {
		SchedulerSettings defaults = SchedulerSettings.defaults();
		ResqueProperties.Scheduler scheduler = this.properties.getScheduler();
		assertThat(scheduler.getPollInterval()).isEqualTo(defaults.pollInterval());
		assertThat(scheduler.getLeaderLockTimeout()).isEqualTo(defaults.leaderLockTimeout());
		assertThat(scheduler.getStuckWorkerTimeout()).isEqualTo(defaults.stuckWorkerTimeout());
		assertThat(scheduler.getStuckJobAction()).isEqualTo(defaults.stuckJobAction());
	}

	@Test
	void workerAndNamespaceDefaultsAreTheCoresDefaults() {
		assertThat(this.properties.getNamespace()).isEqualTo(ResqueKeys.DEFAULT_NAMESPACE);
		assertThat(this.properties.getWorker().getMaxPayloadSize().toBytes())
			.isEqualTo(ResqueWorkerContainer.DEFAULT_MAX_PAYLOAD_SIZE);
		assertThat(this.properties.getWorker().getJobTimeoutGrace())
			.isEqualTo(ResqueWorkerContainer.DEFAULT_JOB_TIMEOUT_GRACE);
		assertThat(new StatsRetention(this.properties.getStats().getDayRetention(),
				this.properties.getStats().getMinuteRetention()))
			.isEqualTo(StatsRetention.defaults());
	}

}
