package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.system.JavaVersion;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.env.MockEnvironment;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.event.JobSucceededEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.WorkerStartedEvent;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueConfigurationException;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.QueueLimit;
import dev.resque.core.worker.QueueOrder;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResqueWorkerAutoConfigurationTests {

	private final TestRedis redis = TestRedis.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
				"spring.data.redis.database=" + this.redis.database());

	@Test
	void jobBeansRunWithInjectedDependenciesAndPublishEvents() {
		String namespace = TestRedis.newNamespace("WorkerAutoConfig");
		this.contextRunner.withUserConfiguration(Jobs.class)
			.withPropertyValues("resque.namespace=" + namespace, "resque.worker.concurrency=2",
					"resque.worker.queues=mailers")
			.run((context) -> {
				assertThat(context).hasSingleBean(ResqueWorkerContainer.class);
				assertThat(context.getBean(JobRegistry.class).names()).containsExactly("SendWelcomeMail", "fails");
				ResqueTemplate resque = context.getBean(ResqueTemplate.class);
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				resque.enqueue(SendWelcomeMail.class, "a@b.c");
				resque.enqueue(Failing.class);
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> recorder.succeeded.size() == 1 && recorder.failed.size() == 1);
				assertThat(context.getBean(Mailer.class).sent).containsExactly("a@b.c");
				assertThat(recorder.succeeded.get(0).job().name()).isEqualTo("SendWelcomeMail");
				assertThat(recorder.failed.get(0).exception()).hasMessage("no smtp");
				assertThat(recorder.listenerCalls).hasSize(2);
				assertThat(recorder.workersStarted).hasSize(2);
				assertThat(admin.workers().registered()).extracting(WorkerRegistration::queues).containsOnly(List.of("mailers"));
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
			});
	}

	@Test
	void twoJobsWithTheSameNameFailStartupNamingBoth() {
		this.contextRunner.withUserConfiguration(DuplicateJobs.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("Two jobs are named \"fails\"")
				.hasMessageContaining(Failing.class.getName())
				.hasMessageContaining(AlsoFailing.class.getName());
		});
	}

	@Test
	void aJobWithAmbiguousPerformOverloadsFailsStartupNamingThem() {
		this.contextRunner.withUserConfiguration(AmbiguousJob.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(ResqueConfigurationException.class)
				.hasMessageStartingWith("Job " + Overloaded.class.getName() + " has perform methods that take the "
						+ "same number of arguments: perform(String) and perform(int) both take 1 argument. ")
				.hasMessageContaining("declare one perform per number of arguments (a varargs perform, or one taking "
						+ "List<Object> or JsonNode, counts for every number it can take): rename or merge the others");
		});
	}

	@Test
	void workersCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("resque.worker.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResqueWorkerContainer.class);
			assertThat(context).hasSingleBean(ResqueTemplate.class);
		});
	}

	@Test
	void eachShardRunsThePoolsWhoseQueuesLiveThere() {
		String namespace = TestRedis.newNamespace("WorkerShards");
		this.contextRunner
			.withPropertyValues("resque.namespace=" + namespace, "resque.shards.b.namespace=" + namespace + "-b",
					"resque.shards.b.queues=reports,exports", "resque.worker.pools.mail.queues=mail,reports",
					"resque.worker.pools.mail.concurrency=1", "resque.worker.pools.exports.queues=exports",
					"resque.worker.pools.exports.concurrency=1", "resque.worker.pools.all.concurrency=1")
			.run((context) -> {
				ResqueShards shards = context.getBean(ResqueShards.class);
				assertThat(shards.names()).containsExactly("default", "b");
				List<WorkerPoolSettings> pools = ResqueWorkerConfiguration
					.pools(context.getBean(ResqueProperties.class).getWorker());
				assertThat(ResqueWorkerConfiguration.poolsOn(shards.defaultShard(), shards, pools)).containsExactly(
						new WorkerPoolSettings("mail", List.of("mail"), 1, Duration.ofSeconds(1)),
						new WorkerPoolSettings("all", List.of("*"), 1, Duration.ofSeconds(1)));
				assertThat(ResqueWorkerConfiguration.poolsOn(shards.find("b").orElseThrow(), shards, pools))
					.containsExactly(new WorkerPoolSettings("mail", List.of("reports"), 1, Duration.ofSeconds(1)),
							new WorkerPoolSettings("exports", List.of("exports"), 1, Duration.ofSeconds(1)),
							new WorkerPoolSettings("all", List.of("*"), 1, Duration.ofSeconds(1)));
				// the shard's workers register in its namespace, the others in the application's
				ResqueAdmin shardAdmin = shards.find("b").orElseThrow().admin();
				await().atMost(Duration.ofSeconds(5)).until(() -> shardAdmin.workers().registered().size() == 3
						&& context.getBean(ResqueAdmin.class).workers().registered().size() == 2);
				assertThat(shardAdmin.workers().registered()).extracting(WorkerRegistration::queues)
					.containsExactlyInAnyOrder(List.of("reports"), List.of("exports"), List.of("*"));
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				RedisConnections.deleteNamespace(redis, namespace);
				RedisConnections.deleteNamespace(redis, namespace + "-b");
			});
	}

	@Test
	void withoutShardsNothingIsAddedToTheContext() {
		this.contextRunner.withPropertyValues("resque.namespace=" + TestRedis.newNamespace("NoShards"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ResqueShardLifecycle.class);
				assertThat(context.getBean(ResqueTemplate.class)).isExactlyInstanceOf(ResqueTemplate.class);
				assertThat(context.getBean(ResqueShards.class).isSharded()).isFalse();
			});
	}

	@Test
	void namedPoolsTakeTheirOwnQueuesAndDefaults() {
		ResqueProperties properties = new ResqueProperties();
		properties.getWorker().setConcurrency(3);
		ResqueProperties.Pool critical = new ResqueProperties.Pool();
		critical.setQueues(List.of("critical", "high"));
		critical.setConcurrency(1);
		properties.getWorker().getPools().put("critical", critical);
		properties.getWorker().getPools().put("rest", new ResqueProperties.Pool());
		assertThat(ResqueWorkerConfiguration.pools(properties.getWorker())).containsExactly(
				new WorkerPoolSettings("critical", List.of("critical", "high"), 1, Duration.ofSeconds(1)),
				new WorkerPoolSettings("rest", List.of("*"), 3, Duration.ofSeconds(1)));
	}

	@Test
	void poolsAreBoundFromProperties() {
		this.contextRunner
			.withPropertyValues("resque.worker.pools.mail.queues=mailers,notifications",
					"resque.worker.pools.mail.concurrency=2", "resque.worker.pools.bulk.queues=bulk",
					"resque.worker.pools.bulk.poll-interval=5s", "resque.worker.concurrency=4")
			.run((context) -> assertThat(ResqueWorkerConfiguration.pools(context.getBean(ResqueProperties.class).getWorker()))
				.containsExactly(new WorkerPoolSettings("mail", List.of("mailers", "notifications"), 2, Duration.ofSeconds(1)),
						new WorkerPoolSettings("bulk", List.of("bulk"), 4, Duration.ofSeconds(5))));
	}

	@Test
	void aPoolCanDrawItsQueueOrderByWeight() {
		this.contextRunner
			.withPropertyValues("resque.worker.pools.mixed.queues=critical,default,low",
					"resque.worker.pools.mixed.queue-order=weighted", "resque.worker.pools.mixed.weights.critical=6",
					"resque.worker.pools.mixed.weights.default=3", "resque.worker.pools.strict.queues=bulk",
					"resque.worker.concurrency=2")
			.run((context) -> assertThat(ResqueWorkerConfiguration.pools(context.getBean(ResqueProperties.class).getWorker()))
				.containsExactly(
						new WorkerPoolSettings("mixed", List.of("critical", "default", "low"), 2, Duration.ofSeconds(1),
								QueueOrder.weighted(java.util.Map.of("critical", 6, "default", 3))),
						new WorkerPoolSettings("strict", List.of("bulk"), 2, Duration.ofSeconds(1))));
		this.contextRunner.withPropertyValues("resque.worker.queue-order=weighted", "resque.worker.weights.low=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("worker.weights[low]"));
	}

	@Test
	void queueLimitsAreBoundFromProperties() {
		this.contextRunner
			.withPropertyValues("resque.queues.reports.max-concurrency=2", "resque.queues.emails.rate-limit=50",
					"resque.queues.emails.rate-period=10s", "resque.queues.plain.rate-period=5s")
			.run((context) -> assertThat(ResqueWorkerConfiguration.queueLimits(context.getBean(ResqueProperties.class)))
				.containsExactly(java.util.Map.entry("reports", QueueLimit.concurrency(2)),
						java.util.Map.entry("emails", QueueLimit.rate(50, Duration.ofSeconds(10)))));
		this.contextRunner.withPropertyValues("resque.queues.reports.max-concurrency=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("queues[reports].maxConcurrency"));
	}

	@Test
	void shutdownTimeoutFollowsTheLifecyclePhaseTimeout() {
		assertThat(ResqueWorkerConfiguration.shutdownTimeout(new MockEnvironment())).isEqualTo(Duration.ofSeconds(29));
		assertThat(ResqueWorkerConfiguration.shutdownTimeout(
				new MockEnvironment().withProperty("spring.lifecycle.timeout-per-shutdown-phase", "10s")))
			.isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void workerThreadsArePlatformThreadsNamedAfterTheirWorkersByDefault() {
		threadsRunner().withUserConfiguration(ThreadRecordingJob.class).run((context) -> {
			Thread thread = runOneJob(context);
			String worker = context.getBean(ResqueWorkerContainer.class).workerNames().get(0);
			assertThat(thread.getName()).isEqualTo("resque-default-1 (" + worker + ")");
			assertThat(isVirtual(thread)).isFalse();
		});
	}

	@Test
	void workerThreadsFollowSpringThreadsVirtualEnabled() {
		// virtual threads where the runtime has them (Java 21+), platform threads on an older one: either way the
		// property must not keep the workers from starting
		threadsRunner().withUserConfiguration(ThreadRecordingJob.class)
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> {
				Thread thread = runOneJob(context);
				assertThat(isVirtual(thread)).isEqualTo(Threading.VIRTUAL.isActive(context.getEnvironment()));
				String worker = context.getBean(ResqueWorkerContainer.class).workerNames().get(0);
				assertThat(thread.getName()).isEqualTo("resque-default-1 (" + worker + ")");
			});
	}

	@Test
	void aCustomizerSuppliesTheThreadFactoryOverVirtualThreads() {
		threadsRunner().withUserConfiguration(ThreadRecordingJob.class, OwnThreads.class)
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> {
				Thread thread = runOneJob(context);
				assertThat(context.getBean(OwnThreads.class).made).containsExactly(thread);
				assertThat(isVirtual(thread)).isFalse();
			});
	}

	@Test
	void resqueWorkerVirtualThreadsAsksForVirtualThreadsAndSaysWhenTheRuntimeHasNone() {
		threadsRunner().withUserConfiguration(ThreadRecordingJob.class)
			.withPropertyValues("resque.worker.virtual-threads=true")
			.run((context) -> {
				if (JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
					assertThat(isVirtual(runOneJob(context))).isTrue();
				}
				else {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(ResqueConfigurationException.class)
						.hasMessageContaining("resque.worker.virtual-threads is true, but this JVM is Java "
								+ Runtime.version().feature())
						.hasMessageContaining("Run on Java 21 or later");
				}
			});
	}

	/** One worker on the queue of {@link ThreadRecordingJob}, in a namespace of its own. */
	private ApplicationContextRunner threadsRunner() {
		return this.contextRunner.withPropertyValues("resque.namespace=" + TestRedis.newNamespace("WorkerThreads"),
				"resque.worker.concurrency=1", "resque.worker.queues=threads");
	}

	/** Runs one {@link ThreadRecordingJob} and returns the thread it ran on. */
	private static Thread runOneJob(AssertableApplicationContext context) {
		ResqueTemplate resque = context.getBean(ResqueTemplate.class);
		ThreadRecordingJob job = context.getBean(ThreadRecordingJob.class);
		resque.enqueue(ThreadRecordingJob.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> job.threads.size() == 1);
		RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), context.getBean(ResqueKeys.class).namespace());
		return job.threads.get(0);
	}

	/** {@code Thread.isVirtual()}, called by reflection: this code is built for Java 17, which has no such method. */
	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static class Mailer {

		final List<String> sent = new CopyOnWriteArrayList<>();

	}

	@ResqueJob(queue = "mailers")
	static class SendWelcomeMail {

		private final Mailer mailer;

		SendWelcomeMail(Mailer mailer) {
			this.mailer = mailer;
		}

		public void perform(String email) {
			this.mailer.sent.add(email);
		}

	}

	@ResqueJob(name = "fails", queue = "mailers")
	static class Failing {

		public void perform() {
			throw new IllegalStateException("no smtp");
		}

	}

	@ResqueJob(name = "fails")
	static class AlsoFailing {

		public void perform() {
		}

	}

	static class Recorder implements ResqueJobListener {

		final List<JobSucceededEvent> succeeded = new CopyOnWriteArrayList<>();

		final List<JobFailedEvent> failed = new CopyOnWriteArrayList<>();

		final List<WorkerStartedEvent> workersStarted = new CopyOnWriteArrayList<>();

		final List<Object> listenerCalls = new CopyOnWriteArrayList<>();

		@EventListener
		void onSuccess(JobSucceededEvent event) {
			this.succeeded.add(event);
		}

		@EventListener
		void onFailure(JobFailedEvent event) {
			this.failed.add(event);
		}

		@EventListener
		void onWorkerStarted(WorkerStartedEvent event) {
			this.workersStarted.add(event);
		}

		@Override
		public void jobSucceeded(JobSucceededEvent event) {
			this.listenerCalls.add(event);
		}

		@Override
		public void jobFailed(JobFailedEvent event) {
			this.listenerCalls.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ SendWelcomeMail.class, Failing.class })
	static class Jobs {

		@Bean
		Mailer mailer() {
			return new Mailer();
		}

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Failing.class, AlsoFailing.class })
	static class DuplicateJobs {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Overloaded.class)
	static class AmbiguousJob {

	}

	@ResqueJob
	static class Overloaded {

		public void perform(String text) {
		}

		public void perform(int number) {
		}

	}

	@ResqueJob(queue = "threads")
	static class ThreadRecordingJob {

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		public void perform() {
			this.threads.add(Thread.currentThread());
		}

	}

	/** A customizer that gives the workers platform threads of this factory, which keeps each one it makes. */
	@Configuration(proxyBeanMethods = false)
	static class OwnThreads implements ThreadFactory {

		final List<Thread> made = new CopyOnWriteArrayList<>();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task);
			this.made.add(thread);
			return thread;
		}

		@Bean
		ResqueWorkerContainerCustomizer ownThreads() {
			return (container) -> container.setThreadFactory(this);
		}

	}

}
