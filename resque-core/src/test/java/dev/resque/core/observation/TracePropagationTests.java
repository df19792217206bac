package dev.resque.core.observation;

import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One trace spans a job's enqueue and its processing on a worker, through the payload's trace field. */
class TracePropagationTests {

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(TestRedis.get());

	private final String ns = TestRedis.newNamespace("Tracing");

	private ResqueWorkerContainer container;

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		RedisConnections.deleteNamespace(new StringRedisTemplate(this.factory), this.ns);
		this.factory.destroy();
	}

	@Test
	void theProcessingSpanIsAChildOfTheEnqueueSpan() {
		SimpleTracer tracer = new SimpleTracer();
		Propagator propagator = new TraceparentPropagator(tracer);
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		ResqueKeys keys = new ResqueKeys(this.ns);
		JobCodec codec = new JobCodec();
		ResqueTemplate resque = new ResqueTemplate(this.factory, keys, codec);
		ResqueAdmin admin = new ResqueAdmin(this.factory, keys, codec);
		resque.setObservationRegistry(observations);
		// the enqueue happens inside a request's trace, as it would in a web application
		TraceContext request = tracer.traceContextBuilder().traceId("4bf92f3577b34da6").spanId("00f067aa0ba902b7").sampled(true).build();
		Span requestSpan = tracer.spanBuilder().setParent(request).name("request").start();
		try (var inScope = tracer.withSpan(requestSpan)) {
			io.micrometer.observation.Observation.createNotStarted("http.server.requests", observations)
				.observe(() -> resque.enqueue("traced", "Traced", List.of(1, 2)));
		}

		String payload = new StringRedisTemplate(this.factory).opsForList().index(this.ns + ":queue:traced", 0);
		assertThat(payload).startsWith("{\"class\":\"Traced\",\"queue\":\"traced\",\"args\":[1,2],\"trace\":{\"traceparent\":\"");
		assertThat(admin.queues().jobs("traced", 0, -1)).containsExactly(Job.of("traced", "Traced", 1, 2));

		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(Traced.class), Traced::new);
		this.container = new ResqueWorkerContainer(this.factory, keys, codec, new JobInvoker(registry, codec),
				JobPlugins.none(), new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("traced", List.of("traced"), 1, Duration.ofMillis(100))),
				Duration.ofSeconds(1), Duration.ofSeconds(5));
		this.container.setObservationRegistry(observations);
		this.container.start();

		await().atMost(Duration.ofSeconds(5)).until(() -> tracer.getSpans().stream().anyMatch((span) -> "traced process".equals(span.getName())
				&& span.getEndTimestamp() != null && span.getEndTimestamp().toEpochMilli() > 0));
		SimpleSpan enqueue = tracer.getSpans().stream().filter((span) -> "traced send".equals(span.getName())).findFirst().orElseThrow();
		SimpleSpan process = tracer.getSpans().stream().filter((span) -> "traced process".equals(span.getName())).findFirst().orElseThrow();
		assertThat(enqueue.getTraceId()).isEqualTo("4bf92f3577b34da6");
		assertThat(process.getTraceId()).isEqualTo("4bf92f3577b34da6");
		assertThat(enqueue.getSpanId()).isNotEmpty();
		assertThat(process.getParentId()).isEqualTo(enqueue.getSpanId());
		assertThat(process.getTags()).containsEntry("queue", "traced").containsEntry("job", "Traced").containsEntry("outcome", "success");
	}

	@Test
	void tracedCopiesAreDeletedByArguments() {
		ResqueTemplate resque = new ResqueTemplate(this.factory, new ResqueKeys(this.ns), new JobCodec());
		ResqueAdmin admin = new ResqueAdmin(this.factory, new ResqueKeys(this.ns), new JobCodec());
		StringRedisTemplate plain = new StringRedisTemplate(this.factory);
		plain.opsForList().rightPushAll(this.ns + ":queue:q",
				"{\"class\":\"Traced\",\"queue\":\"q\",\"args\":[1],\"trace\":{\"traceparent\":\"a-b\"}}",
				"{\"class\":\"Traced\",\"queue\":\"q\",\"args\":[2],\"trace\":{\"traceparent\":\"c-d\"}}");
		resque.enqueue("q", "Traced", List.of(1));
		assertThat(admin.queues().remove("q", "Traced", List.of(1))).isEqualTo(2);
		assertThat(admin.queues().jobs("q", 0, -1)).containsExactly(Job.of("q", "Traced", 2));
	}

	@ResqueJob(queue = "traced")
	static class Traced {

		public int perform(int a, int b) {
			return a + b;
		}

	}

	/** A W3C-like propagator for the test tracer: {@code traceparent: <traceId>-<spanId>}. */
	static final class TraceparentPropagator implements Propagator {

		private final SimpleTracer tracer;

		TraceparentPropagator(SimpleTracer tracer) {
			this.tracer = tracer;
		}

		@Override
		public List<String> fields() {
			return List.of("traceparent");
		}

		@Override
		public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
			setter.set(carrier, "traceparent", context.traceId() + "-" + context.spanId());
		}

		@Override
		public <C> Span.Builder extract(C carrier, Getter<C> getter) {
			String header = getter.get(carrier, "traceparent");
			if (header == null) {
				return this.tracer.spanBuilder();
			}
			String[] parts = header.split("-");
			TraceContext parent = this.tracer.traceContextBuilder().traceId(parts[0]).spanId(parts[1]).sampled(true).build();
			return this.tracer.spanBuilder().setParent(parent);
		}

	}

}
