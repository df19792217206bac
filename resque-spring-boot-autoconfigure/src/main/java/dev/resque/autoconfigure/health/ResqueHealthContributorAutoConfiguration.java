package dev.resque.autoconfigure.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.ResqueProperties;
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

}
