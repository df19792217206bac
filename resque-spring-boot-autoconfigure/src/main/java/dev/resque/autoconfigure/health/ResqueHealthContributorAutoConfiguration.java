package dev.resque.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.ConditionalOnResqueShards;
import dev.resque.autoconfigure.ResqueProperties;
import dev.resque.autoconfigure.ResqueShard;
import dev.resque.autoconfigure.ResqueShardLifecycle;
import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.worker.ResqueWorkerContainer;

/** The {@code resque} health indicator ({@code management.health.resque.enabled}). */
@AutoConfiguration(after = ResqueAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ResqueAdmin.class)
@ConditionalOnEnabledHealthIndicator("resque")
public final class ResqueHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "resqueHealthIndicator")
	ResqueHealthIndicator resqueHealthIndicator(ResqueAdmin admin, ObjectProvider<ResqueWorkerContainer> workers,
			ObjectProvider<ResqueScheduler> scheduler, ResqueProperties properties) {
		return new ResqueHealthIndicator(admin, workers.getIfAvailable(), scheduler.getIfAvailable(),
				properties.getHealth().getFailedThreshold(), properties.getHealth().getTimeout());
	}

	@Bean
	@ConditionalOnResqueShards
	@ConditionalOnProperty(name = "resque.mode", havingValue = "redis", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "resqueShardsHealthContributor")
	ResqueShardsHealthContributor resqueShardsHealthContributor(ResqueShards shards,
			ObjectProvider<ResqueShardLifecycle<ResqueWorkerContainer>> workers,
			ObjectProvider<ResqueShardLifecycle<ResqueScheduler>> schedulers, ResqueProperties properties) {
		Map<String, ResqueHealthIndicator> indicators = new LinkedHashMap<>();
		for (ResqueShard shard : shards.others()) {
			ResqueShardLifecycle<ResqueWorkerContainer> shardWorkers = workers.getIfAvailable();
			ResqueShardLifecycle<ResqueScheduler> shardSchedulers = schedulers.getIfAvailable();
			indicators.put(shard.name(), new ResqueHealthIndicator(shard.admin(),
					(shardWorkers != null) ? shardWorkers.members().get(shard.name()) : null,
					(shardSchedulers != null) ? shardSchedulers.members().get(shard.name()) : null,
					properties.getHealth().getFailedThreshold(), properties.getHealth().getTimeout()));
		}
		return new ResqueShardsHealthContributor(indicators);
	}

}
