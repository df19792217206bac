package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Caps Lettuce's reconnect back-off ({@code resque.reconnect-max-delay}, 2 s). Lettuce's own doubles up to 30 s, so
 * after an outage of half a minute its next attempt, and so the workers' recovery, could come 30 s after Redis is
 * back. It applies to the client resources Spring Boot builds, which the application's other Redis users share.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ClientResources.class, ClientResourcesBuilderCustomizer.class })
class ResqueLettuceConfiguration {

	@Bean
	ClientResourcesBuilderCustomizer resqueReconnectDelay(ResqueProperties properties) {
		Duration max = properties.getReconnectMaxDelay();
		return (builder) -> {
			if (max != null && !max.isZero() && !max.isNegative()) {
				builder.reconnectDelay(Delay.exponential(Duration.ofMillis(50), max, 2, TimeUnit.MILLISECONDS));
			}
		};
	}

}
