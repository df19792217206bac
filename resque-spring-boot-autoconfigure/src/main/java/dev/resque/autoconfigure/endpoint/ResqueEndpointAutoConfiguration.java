package dev.resque.autoconfigure.endpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.scheduler.ResqueScheduler;

/** The {@code resque} actuator endpoint, when Actuator is there and the endpoint is exposed. */
@AutoConfiguration(after = ResqueAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ResqueAdmin.class)
@ConditionalOnAvailableEndpoint(ResqueEndpoint.class)
public final class ResqueEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResqueEndpoint resqueEndpoint(ResqueAdmin admin, ObjectProvider<ResqueScheduler> scheduler, JobCodec codec,
			ObjectProvider<ResqueShards> shards) {
		ResqueEndpoint endpoint = new ResqueEndpoint(admin, scheduler.getIfAvailable(), codec);
		ResqueShards all = shards.getIfAvailable();
		if (all != null && all.isSharded()) {
			endpoint.setShards(all);
		}
		return endpoint;
	}

}
