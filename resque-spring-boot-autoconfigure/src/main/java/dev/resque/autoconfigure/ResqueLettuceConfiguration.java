package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce as Resque needs it. On a Redis Cluster, turns topology refresh on when the application set none
 * ({@code spring.data.redis.lettuce.cluster.refresh.*}): without it Lettuce never learns that a replica took over
 * from a dead master, and every worker waits on the dead node for good. Caps Lettuce's reconnect back-off ({@code resque.reconnect-max-delay}, 2 s). Lettuce's own doubles up to 30 s, so
 * after an outage of half a minute its next attempt, and so the workers' recovery, could come 30 s after Redis is
 * back. It applies to the client resources Spring Boot builds, which the application's other Redis users share.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ClientResources.class, ClientResourcesBuilderCustomizer.class })
class ResqueLettuceConfiguration {

	/** How often Lettuce reads a cluster's topology even when nothing prompts it (Lettuce's own default). */
	static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(60);

	/** The least time between two topology reads that a failure prompts. */
	static final Duration CLUSTER_REFRESH_RATE = Duration.ofSeconds(1);

	@Bean
	ClientResourcesBuilderCustomizer resqueReconnectDelay(ResqueProperties properties) {
		Duration max = properties.getReconnectMaxDelay();
		return (builder) -> {
			if (max != null && !max.isZero() && !max.isNegative()) {
				builder.reconnectDelay(Delay.exponential(Duration.ofMillis(50), max, 2, TimeUnit.MILLISECONDS));
			}
		};
	}

	@Bean
	LettuceClientConfigurationBuilderCustomizer resqueClusterTopologyRefresh() {
		return (builder) -> builder.build()
			.getClientOptions()
			.filter(ClusterClientOptions.class::isInstance)
			.map(ClusterClientOptions.class::cast)
			.filter((options) -> options.getTopologyRefreshOptions().getAdaptiveRefreshTriggers().isEmpty()
					&& !options.getTopologyRefreshOptions().isPeriodicRefreshEnabled())
			.ifPresent((options) -> builder.clientOptions(options.mutate()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					// a MOVED reply or a node that keeps refusing reconnects makes Lettuce read the topology again
					.enableAllAdaptiveRefreshTriggers()
					.refreshTriggersReconnectAttempts(2)
					// Lettuce's 30 s between prompted reads would keep the first one, taken before the cluster
					// promoted a replica, for half a minute
					.adaptiveRefreshTriggersTimeout(CLUSTER_REFRESH_RATE)
					.enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
					.dynamicRefreshSources(options.getTopologyRefreshOptions().useDynamicRefreshSources())
					.build())
				.build()));
	}

}
