package dev.resque.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.ResqueOperations;
import dev.resque.core.ResqueTemplate;
import dev.resque.core.ShardedResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.contract.JobContracts;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueJobListeners;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.JobTracking;
import dev.resque.core.job.ResqueJobRegistrar;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PluginSupport;
import dev.resque.core.plugin.ResquePlugin;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobContext;

/**
 * Auto-configuration of Spring Resque on Spring Boot's Redis connection. A connection factory qualified with
 * {@link ResqueRedisConnectionFactory} gives Resque a Redis of its own.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ ResqueTemplate.class, RedisConnectionFactory.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(ResqueProperties.class)
@Import({ ResqueWorkerConfiguration.class, ResqueSchedulerConfiguration.class, ResqueLettuceConfiguration.class,
		ResqueFailFastConfiguration.class })
public final class ResqueAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResqueKeys resqueKeys(ResqueProperties properties) {
		return new ResqueKeys(properties.getNamespace());
	}

	@Bean
	@ConditionalOnMissingBean
	JobCodec resqueJobCodec(ResqueProperties properties) {
		return new JobCodec(properties.getCompatibility());
	}

	@Bean
	@ConditionalOnMissingBean
	JobRegistry resqueJobRegistry() {
		return new JobRegistry();
	}

	@Bean
	ResqueJobRegistrar resqueJobRegistrar(JobRegistry resqueJobRegistry) {
		return new ResqueJobRegistrar(resqueJobRegistry);
	}

	@Bean
	ResqueConnection resqueResolvedConnection(
			@ResqueRedisConnectionFactory ObjectProvider<RedisConnectionFactory> resqueConnectionFactory,
			ObjectProvider<RedisConnectionFactory> connectionFactory, ResqueKeys keys, ResqueProperties properties) {
		return ResqueConnection.forNamespace(resqueConnectionFactory.getIfAvailable(connectionFactory::getObject), keys,
				properties.getReplication().toReplicaWait());
	}

	@Bean
	@ConditionalOnMissingBean
	JobPlugins resqueJobPlugins(JobRegistry registry, ObjectProvider<ResquePlugin> plugins, ListableBeanFactory beanFactory,
			ResqueConnection connection, ResqueKeys keys, JobCodec codec, ResqueProperties properties) {
		return plugins(registry, plugins, beanFactory, connection, keys, codec, properties);
	}

	/** The jobs' plugins over one namespace: their locks, and the retries they schedule, live there. */
	static JobPlugins plugins(JobRegistry registry, ObjectProvider<ResquePlugin> plugins, ListableBeanFactory beanFactory,
			ResqueConnection connection, ResqueKeys keys, JobCodec codec, ResqueProperties properties) {
		JobTracking tracking = properties.toJobTracking();
		return new JobPlugins(registry, JobPlugins.globalsAmong(plugins.orderedStream()), beanFactory::getBean, new PluginSupport(connection.redis(), keys, codec,
				new DelayedSchedule(connection.calls(), keys, codec, () -> tracking)));
	}

	/** How every job reaches its queue: from the template, the admin API and the scheduler alike. */
	@Bean
	@ConditionalOnMissingBean
	EnqueuePipeline resqueEnqueuePipeline(JobCodec codec, JobPlugins plugins,
			ObjectProvider<ResqueJobListener> listeners, ObjectProvider<ObservationRegistry> observations,
			ApplicationEventPublisher publisher, ResqueProperties properties) {
		return pipeline(codec, plugins, listeners, observations, publisher, properties);
	}

	static EnqueuePipeline pipeline(JobCodec codec, JobPlugins plugins, ObjectProvider<ResqueJobListener> listeners,
			ObjectProvider<ObservationRegistry> observations, ApplicationEventPublisher publisher,
			ResqueProperties properties) {
		// the application's listeners, then JobEnqueuedEvent as a Spring application event
		List<ResqueJobListener> all = new ArrayList<>(listeners.orderedStream().toList());
		all.add(new ApplicationEventJobListener(publisher));
		EnqueuePipeline pipeline = new EnqueuePipeline(codec, plugins, new ResqueJobListeners(all));
		observations.ifAvailable(pipeline::setObservationRegistry);
		pipeline.setTracking(properties.toJobTracking());
		return pipeline;
	}

	/**
	 * The shards: the application's own Redis, then each of {@code resque.shards.*} with its connection (built
	 * here when the shard names a Redis of its own), plugins, pipeline, template and admin API.
	 */
	@Bean
	ResqueShards resqueShards(ResqueConnection connection, ResqueKeys keys, JobPlugins plugins, EnqueuePipeline pipeline,
			ResqueAdmin admin, JobRegistry registry, ObjectProvider<ResquePlugin> pluginBeans,
			ListableBeanFactory beanFactory, JobCodec codec, ObjectProvider<ResqueJobListener> listeners,
			ObjectProvider<ObservationRegistry> observations, ApplicationEventPublisher publisher,
			ResqueProperties properties, ObjectProvider<ClientResources> clientResources) {
		List<ResqueShard> shards = new ArrayList<>();
		shards.add(new ResqueShard(ResqueShards.DEFAULT, List.of(), keys, connection.factory(), connection.calls(),
				plugins, pipeline, new ResqueTemplate(connection.calls(), keys, pipeline), admin));
		List<RedisConnectionFactory> owned = new ArrayList<>();
		if (properties.getMode() != ResqueProperties.Mode.REDIS) {
			// the test modes keep jobs in memory: no shard is connected to
			return new ResqueShards(shards, owned);
		}
		try {
			properties.getShards().forEach((name, settings) -> {
				RedisConnectionFactory factory = connection.factory();
				if (settings.hasConnection()) {
					factory = ShardConnectionFactories.create(name, settings, connection.factory(),
							clientResources.getIfAvailable());
					owned.add(factory);
				}
				ResqueKeys shardKeys = new ResqueKeys(
						(settings.getNamespace() != null) ? settings.getNamespace() : properties.getNamespace());
				ResqueConnection shardConnection = ResqueConnection.forNamespace(factory, shardKeys,
						properties.getReplication().toReplicaWait());
				JobPlugins shardPlugins = plugins(registry, pluginBeans, beanFactory, shardConnection, shardKeys, codec,
						properties);
				EnqueuePipeline shardPipeline = pipeline(codec, shardPlugins, listeners, observations, publisher,
						properties);
				shards.add(new ResqueShard(name, List.copyOf(settings.getQueues()), shardKeys, factory,
						shardConnection.calls(), shardPlugins, shardPipeline,
						new ResqueTemplate(shardConnection.calls(), shardKeys, shardPipeline),
						new ResqueAdmin(shardConnection.calls(), shardKeys, shardPipeline)));
			});
		}
		catch (RuntimeException ex) {
			new ResqueShards(List.of(), owned).destroy();
			throw ex;
		}
		return new ResqueShards(shards, owned);
	}

	/**
	 * The running job's context, for jobs to inject: one instance for every thread, which answers for the job
	 * running on the calling one (its id, its cancellation, its progress).
	 */
	@Bean
	@ConditionalOnMissingBean
	JobContext resqueJobContext() {
		return JobContext.current();
	}

	@Bean
	@ConditionalOnMissingBean(ResqueOperations.class)
	ResqueTemplate resqueTemplate(ResqueConnection connection, ResqueKeys keys, EnqueuePipeline pipeline,
			JobContracts contracts, ResqueProperties properties, ResqueShards shards) {
		ResqueTemplate template = shards.isSharded() ? new ShardedResqueTemplate(connection.calls(), keys, pipeline,
				shardTemplates(shards)) : new ResqueTemplate(connection.calls(), keys, pipeline);
		if (properties.getContracts().isCheck()) {
			template.setContracts(contracts);
		}
		return template;
	}

	private static Map<String, ResqueTemplate> shardTemplates(ResqueShards shards) {
		Map<String, ResqueTemplate> templates = new HashMap<>();
		shards.others().forEach((shard) -> shard.queues().forEach((queue) -> templates.put(queue, shard.template())));
		return templates;
	}

	/** The job contracts of the namespace: published here, read by producers of every language. */
	@Bean
	@ConditionalOnMissingBean
	JobContracts resqueJobContracts(ResqueConnection connection, ResqueKeys keys, JobCodec codec) {
		return new JobContracts(connection.calls(), keys, codec);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "resque.contracts.publish", matchIfMissing = true)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "redis", matchIfMissing = true)
	JobContractPublisher resqueJobContractPublisher(JobContracts contracts, JobRegistry resqueJobRegistry) {
		return new JobContractPublisher(contracts, resqueJobRegistry);
	}

	@Bean
	@ConditionalOnResqueShards
	@ConditionalOnProperty(name = "resque.mode", havingValue = "redis", matchIfMissing = true)
	ShardStartupChecks resqueShardStartupChecks(ResqueShards shards, ObjectProvider<ResqueOperations> operations) {
		return new ShardStartupChecks(shards, operations.getIfUnique());
	}

	/** The contracts published on each other shard as well, for the producers of every language that use it. */
	@Bean
	@ConditionalOnResqueShards
	@ConditionalOnBooleanProperty(name = "resque.contracts.publish", matchIfMissing = true)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "redis", matchIfMissing = true)
	ResqueShardLifecycle<JobContractPublisher> resqueShardContractPublishers(ResqueShards shards, JobCodec codec,
			JobRegistry resqueJobRegistry) {
		Map<String, JobContractPublisher> publishers = new HashMap<>();
		shards.others().forEach((shard) -> publishers.put(shard.name(), new JobContractPublisher(
				new JobContracts(shard.calls(), shard.keys(), codec), resqueJobRegistry)));
		return new ResqueShardLifecycle<>(publishers, SmartLifecycle.DEFAULT_PHASE);
	}

	/** One line at startup saying what Resque runs here. */
	@Bean
	ResqueStartupSummary resqueStartupSummary(ResqueProperties properties, JobRegistry resqueJobRegistry,
			ListableBeanFactory beanFactory, Environment environment) {
		return new ResqueStartupSummary(properties, resqueJobRegistry, beanFactory, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ResqueAdmin resqueAdmin(ResqueConnection connection, ResqueKeys keys, EnqueuePipeline pipeline) {
		return new ResqueAdmin(connection.calls(), keys, pipeline);
	}

}
