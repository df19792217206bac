package dev.resque.interop;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.resque.core.contract.JobContracts;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.RedisCalls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contract published here, checked by a node producer with the README's snippet ({@code node/check-contract.js})
 * before it enqueues: arguments that fit pass, the others are told why, as our own check tells it.
 */
class ContractInteropTests extends InteropTestSupport {

	enum Plan {
		FREE, PRO
	}

	record Address(String street, int number) {
	}

	@ResqueJob(name = "SignUp", queue = "mail")
	static class SignUp {

		public void perform(String email, Locale locale, Plan plan, int age, Address address, List<String> tags) {
		}

	}

	@Test
	void aNodeProducerChecksArgumentsAgainstTheContractPublishedHere() {
		new JobContracts(new RedisCalls(factory), this.keys, this.codec).publish(List.of(JobDefinition.of(SignUp.class)));

		assertThat(this.node.checkContract("SignUp", List.of("a@b.c", "en_GB", "PRO", 42,
				java.util.Map.of("street", "Main", "number", 1), List.of("new"))).isNull()).isTrue();
		assertThat(this.node.checkContract("SignUp", Arrays.asList(null, null, null, 42, null, null)).isNull()).isTrue();
		assertThat(this.node.checkContract("SignUp", List.of("a@b.c", "en_GB", "PRO", 4.5,
				java.util.Map.of("street", "Main", "number", 1), List.of())).asString())
			.isEqualTo("argument[3] (age) should be integer but is 4.5");
		assertThat(this.node.checkContract("SignUp", List.of("a@b.c", "en_GB", "GOLD", 42,
				java.util.Map.of("street", "Main", "number", 1), List.of())).asString())
			.startsWith("argument[2] (plan) should be one of [\"FREE\",\"PRO\",null]");
		assertThat(this.node.checkContract("SignUp", List.of("a@b.c", "en_GB", "PRO", 42, java.util.Map.of("street", "Main"),
				List.of())).asString()).isEqualTo("argument[4] (address) lacks its field number");
		assertThat(this.node.checkContract("SignUp", List.of("a@b.c")).asString()).isEqualTo("argument should hold at least 6 item(s)");
		assertThat(this.node.checkContract("NoContract", List.of(1)).isNull()).isTrue();
	}

}
