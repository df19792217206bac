package dev.resque.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

class ResqueAutoConfigurationTests {

	private final TestRedis redis = TestRedis.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
				"spring.data.redis.database=" + this.redis.database(), "resque.worker.enabled=false",
				"resque.scheduler.enabled=false");

	@Test
	void templateOnBootsRedisConnectionWithTheConfiguredNamespace() {
		String namespace = TestRedis.newNamespace("AutoConfig");
		this.contextRunner.withPropertyValues("resque.namespace=" + namespace).run((context) -> {
			assertThat(context).hasSingleBean(ResqueTemplate.class);
			ResqueTemplate resque = context.getBean(ResqueTemplate.class);
			ResqueAdmin admin = context.getBean(ResqueAdmin.class);
			String id = resque.enqueue("q", "job", List.of(1)).jobId();
			StringRedisTemplate plain = context.getBean(StringRedisTemplate.class);
			assertThat(plain.opsForList().range(namespace + ":queue:q", 0, -1))
				.containsExactly("{\"class\":\"job\",\"queue\":\"q\",\"args\":[1],\"id\":\"" + id + "\"}");
			RedisConnections.deleteNamespace(plain, namespace);
		});
	}

	@Test
	void defaultNamespaceIsResque() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ResqueKeys.class).namespace()).isEqualTo("resque"));
	}

	@Test
	void writesNodeResquesBytesUnlessTheRubyDialectIsChosen() {
		this.contextRunner.run((context) -> assertThat(context.getBean(JobCodec.class).dialect()).isEqualTo(WireDialect.NODE));
		this.contextRunner.withPropertyValues("resque.compatibility=ruby")
			.run((context) -> assertThat(context.getBean(JobCodec.class).dialect()).isEqualTo(WireDialect.RUBY));
	}

	@Test
	void backsOffWithoutSpringDataRedis() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ResqueTemplate.class));
	}

	@Test
	void backsOffWithoutAConnectionFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResqueAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ResqueTemplate.class));
	}

	@Test
	void userTemplateWins() {
		this.contextRunner.withUserConfiguration(UserTemplate.class).run((context) -> {
			assertThat(context).hasSingleBean(ResqueTemplate.class);
			assertThat(context).hasBean("myResque");
		});
	}

	@Test
	void qualifiedConnectionFactoryIsUsedForResque() {
		String namespace = TestRedis.newNamespace("Qualified");
		this.contextRunner.withUserConfiguration(OwnConnection.class)
			.withPropertyValues("resque.namespace=" + namespace)
			.run((context) -> {
				ResqueTemplate resque = context.getBean(ResqueTemplate.class);
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				resque.enqueueAll(List.of(Job.of("q", "job")));
				assertThat(admin.queues().length("q")).isEqualTo(1);
				admin.queues().delete("q");
			});
	}

	@Test
	void eachJobPublishesItsContractAndEnqueuesAreCheckedWhenAsked() {
		String namespace = TestRedis.newNamespace("Contracts");
		this.contextRunner.withUserConfiguration(ContractJobs.class)
			.withPropertyValues("resque.namespace=" + namespace, "resque.contracts.check=true")
			.run((context) -> {
				StringRedisTemplate plain = context.getBean(StringRedisTemplate.class);
				assertThat(plain.opsForValue().get(namespace + ":schemas:Greet")).contains("\"title\":\"Greet\"")
					.contains("\"x-resque-parameters\":[\"name\",\"times\"]");
				ResqueTemplate resque = context.getBean(ResqueTemplate.class);
				assertThat(resque.enqueue("greetings", "Greet", List.of("ada", 2)).enqueued()).isTrue();
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> resque.enqueue("greetings", "Greet", List.of(2, "ada")))
					.isInstanceOf(dev.resque.core.contract.JobContractException.class)
					.hasMessageContaining("argument[0] (name) should be string or null but is an integer (2)");
				assertThat(plain.opsForList().size(namespace + ":queue:greetings")).isOne();
				RedisConnections.deleteNamespace(plain, namespace);
			});
		// off: nothing published, nothing checked
		String quiet = TestRedis.newNamespace("NoContracts");
		this.contextRunner.withUserConfiguration(ContractJobs.class)
			.withPropertyValues("resque.namespace=" + quiet, "resque.contracts.publish=false")
			.run((context) -> {
				StringRedisTemplate plain = context.getBean(StringRedisTemplate.class);
				assertThat(plain.hasKey(quiet + ":schemas:Greet")).isFalse();
				assertThat(context.getBean(ResqueTemplate.class).enqueue("greetings", "Greet", List.of(2, "ada")).enqueued()).isTrue();
				RedisConnections.deleteNamespace(plain, quiet);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ContractJobs {

		@Bean
		Greet greet() {
			return new Greet();
		}

	}

	@dev.resque.core.job.ResqueJob(name = "Greet", queue = "greetings")
	static class Greet {

		public void perform(String name, int times) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		@Bean
		ResqueTemplate myResque(RedisConnectionFactory connectionFactory) {
			return new ResqueTemplate(connectionFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConnection {

		@Bean
		@Primary
		LettuceConnectionFactory applicationConnection() {
			return RedisConnections.connectionFactory("127.0.0.1", 1, 0);
		}

		@Bean
		@ResqueRedisConnectionFactory
		LettuceConnectionFactory resqueConnection() {
			return RedisConnections.connectionFactory(TestRedis.get());
		}

	}

}
