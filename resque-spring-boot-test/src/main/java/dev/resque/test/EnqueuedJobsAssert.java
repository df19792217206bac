package dev.resque.test;

import java.util.List;

import org.assertj.core.api.AbstractAssert;

import dev.resque.test.FakeResqueTemplate.EnqueuedJob;

/** Assertions on the enqueued jobs of one name. */
public class EnqueuedJobsAssert extends AbstractAssert<EnqueuedJobsAssert, List<EnqueuedJob>> {

	private final String jobName;

	private final FakeResqueTemplate resque;

	EnqueuedJobsAssert(List<EnqueuedJob> actual, String jobName, FakeResqueTemplate resque) {
		super(actual, EnqueuedJobsAssert.class);
		this.jobName = jobName;
		this.resque = resque;
	}

	/**
	 * One of them has these arguments, compared as they travel (so {@code Locale.UK} matches {@code "en_GB"}).
	 */
	public EnqueuedJobsAssert withArgs(Object... args) {
		List<Object> expected = this.resque.asStored(this.jobName, args);
		if (this.actual.stream().noneMatch((job) -> job.job().args().equals(expected))) {
			failWithMessage("Expected job <%s> to be enqueued with arguments <%s>, but it was enqueued with <%s>",
					this.jobName, expected, this.actual.stream().map(EnqueuedJob::args).toList());
		}
		return this;
	}

	/** One of them is on this queue. */
	public EnqueuedJobsAssert onQueue(String queue) {
		if (this.actual.stream().noneMatch((job) -> job.job().queue().equals(queue))) {
			failWithMessage("Expected job <%s> on queue <%s>, but it was on <%s>", this.jobName, queue,
					this.actual.stream().map((job) -> job.job().queue()).distinct().toList());
		}
		return this;
	}

	/** One of them was scheduled for later ({@code enqueueAt}/{@code enqueueIn}). */
	public EnqueuedJobsAssert delayed() {
		if (this.actual.stream().noneMatch((job) -> job.at() != null)) {
			failWithMessage("Expected job <%s> to be scheduled for later, but it was enqueued at once", this.jobName);
		}
		return this;
	}

	/** Exactly this many were enqueued. */
	public EnqueuedJobsAssert times(int count) {
		if (this.actual.size() != count) {
			failWithMessage("Expected job <%s> to be enqueued <%s> time(s) but it was <%s>", this.jobName, count,
					this.actual.size());
		}
		return this;
	}

}
