package dev.resque.autoconfigure;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup line stays one short line however many jobs there are. */
class ResqueStartupSummaryTests {

	@Test
	void manyJobNamesAreCutAndCounted() {
		Set<String> names = IntStream.rangeClosed(1, 12)
			.mapToObj((i) -> String.format("Job%02d", i))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(ResqueStartupSummary.jobs(names))
			.isEqualTo("12 jobs [Job01, Job02, Job03, Job04, Job05, Job06, Job07, Job08, Job09, Job10 and 2 more]");
		assertThat(ResqueStartupSummary.jobs(Set.of("SendMail"))).isEqualTo("1 job [SendMail]");
		assertThat(ResqueStartupSummary.jobs(Set.of())).isEqualTo("0 jobs []");
	}

}
