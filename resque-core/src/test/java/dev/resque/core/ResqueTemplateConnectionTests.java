package dev.resque.core;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.redis.ResqueConnectionException;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResqueTemplateConnectionTests {

	@Test
	void unreachableRedisIsNamedInTheError() {
		LettuceConnectionFactory factory = RedisConnections.connectionFactory("127.0.0.1", 1, 0);
		try {
			ResqueTemplate resque = new ResqueTemplate(factory);
			ResqueAdmin admin = new ResqueAdmin(factory);
			assertThatThrownBy(() -> resque.enqueue("q", "job", List.of()))
				.isInstanceOf(ResqueConnectionException.class)
				.hasMessageContaining("Cannot enqueue job")
				.hasMessageContaining("Redis at 127.0.0.1:1 is unreachable");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void worksAgainOnceRedisIsBack() {
		RedisServerProcess server = RedisServerProcess.startOnFreePort();
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(server.host(), server.port(), 0);
		try {
			ResqueTemplate resque = new ResqueTemplate(factory);
			ResqueAdmin admin = new ResqueAdmin(factory);
			resque.enqueue("q", "job", List.of(1));
			server.stop();
			assertThatThrownBy(() -> admin.queues().length("q")).isInstanceOf(ResqueConnectionException.class)
				.hasMessageContaining("127.0.0.1:" + server.port());
			server.start();
			resque.enqueue("q", "job", List.of(2));
			assertThat(admin.queues().length("q")).isEqualTo(1);
		}
		finally {
			factory.destroy();
			server.close();
		}
	}

}
