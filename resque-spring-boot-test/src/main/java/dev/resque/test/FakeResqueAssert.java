package dev.resque.test;

import java.util.List;

import org.assertj.core.api.AbstractAssert;

import dev.resque.core.job.JobDefinition;
import dev.resque.test.FakeResqueTemplate.EnqueuedJob;

/** Assertions on the jobs a {@link FakeResqueTemplate} kept. */
public class FakeResqueAssert extends AbstractAssert<FakeResqueAssert, FakeResqueTemplate> {

	FakeResqueAssert(FakeResqueTemplate actual) {
		super(actual, FakeResqueAssert.class);
	}

	/** Some job of this {@code @ResqueJob} class was enqueued; narrow it with {@code withArgs}. */
	public EnqueuedJobsAssert hasEnqueued(Class<?> jobClass) {
		return hasEnqueued(JobDefinition.of(jobClass).name());
	}

	/** Some job of this name was enqueued. */
	public EnqueuedJobsAssert hasEnqueued(String jobName) {
		isNotNull();
		List<EnqueuedJob> matching = this.actual.enqueued().stream().filter((job) -> job.job().name().equals(jobName)).toList();
		if (matching.isEmpty()) {
			failWithMessage("Expected a job named <%s> to be enqueued, but the jobs enqueued were <%s>", jobName,
					this.actual.enqueued().stream().map((job) -> job.job()).toList());
		}
		return new EnqueuedJobsAssert(matching, jobName, this.actual);
	}

	/** No job was enqueued. */
	public FakeResqueAssert hasNothingEnqueued() {
		isNotNull();
		if (!this.actual.enqueued().isEmpty()) {
			failWithMessage("Expected no job to be enqueued, but found <%s>",
					this.actual.enqueued().stream().map((job) -> job.job()).toList());
		}
		return this;
	}

}
