package dev.resque.fault;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.resque.autoconfigure.health.ResqueHealthIndicator;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.test.redis.RedisConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stalls (SIGSTOP) under a client whose command timeout is 30 seconds, as with no timeout configured: the
 * resque health still answers within its own two seconds, DOWN with the reason, and UP again once Redis is back.
 */
class HealthUnderStallTests extends FaultTestSupport {

	@Test
	void healthAnswersWithinItsTimeoutWhileRedisStalls() {
		LettuceConnectionFactory patient = RedisConnections.connectionFactory(this.server.host(), this.server.port(), 0,
				Duration.ofSeconds(30));
		ResqueHealthIndicator health = new ResqueHealthIndicator(new ResqueAdmin(patient, this.keys, this.codec), null,
				null, null, Duration.ofSeconds(2));
		try {
			// the first read also opens the connection, which a cold JVM may take longer than the timeout to do
			await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus().equals(Status.UP));
			this.server.pause();
			try {
				for (int check = 1; check <= 2; check++) {
					// the second check finds the first one's read still waiting and waits on it, no longer
					long start = System.nanoTime();
					Health stalled = health.health(true);
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					assertThat(stalled.getStatus()).isEqualTo(Status.DOWN);
					assertThat(stalled.getDetails()).containsEntry("reason", "Redis did not answer within PT2S");
					assertThat(took).isLessThan(Duration.ofSeconds(5));
				}
			}
			finally {
				this.server.resume();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus().equals(Status.UP));
		}
		finally {
			health.destroy();
			patient.destroy();
		}
	}

	@Test
	void aClientTimeoutShorterThanTheHealthsAlsoSaysRedisDidNotAnswer() {
		LettuceConnectionFactory impatient = RedisConnections.connectionFactory(this.server.host(), this.server.port(), 0,
				Duration.ofMillis(500));
		ResqueHealthIndicator health = new ResqueHealthIndicator(new ResqueAdmin(impatient, this.keys, this.codec), null,
				null, null, Duration.ofSeconds(2));
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus().equals(Status.UP));
			this.server.pause();
			try {
				// the client gives up first: the same answer as when the health's own timeout does
				Health stalled = health.health(true);
				assertThat(stalled.getStatus()).isEqualTo(Status.DOWN);
				assertThat(stalled.getDetails()).containsEntry("reason", "Redis did not answer within PT2S");
				assertThat(stalled.getDetails().get("error").toString()).contains("is unreachable");
			}
			finally {
				this.server.resume();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus().equals(Status.UP));
		}
		finally {
			health.destroy();
			impatient.destroy();
		}
	}

}
