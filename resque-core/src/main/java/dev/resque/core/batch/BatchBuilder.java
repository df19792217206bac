package dev.resque.core.batch;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.resque.core.enqueue.JobFactory;
import dev.resque.core.job.Job;

/**
 * Defines a batch: its callbacks first, then its members, which are sent when the definition ends, so that no
 * member can end before the batch knows its callbacks.
 *
 * <pre class="code">
 * BatchResult batch = resque.batch()
 *     .description("March invoices")
 *     .onComplete(InvoicesDone.class, "2026-03")   // once every invoice has ended, however
 *     .onSuccess(SendSummary.class, "2026-03")     // once every invoice has succeeded
 *     .enqueue((jobs) -&gt; invoices.forEach((invoice) -&gt; jobs.add(SendInvoice.class, invoice.id())));
 * </pre>
 */
public final class BatchBuilder {

	private final JobFactory jobFactory;

	private final Function<BatchDefinition, BatchResult> submitter;

	private String description = "";

	private @Nullable Job onComplete;

	private @Nullable Job onSuccess;

	public BatchBuilder(JobFactory jobFactory, Function<BatchDefinition, BatchResult> submitter) {
		this.jobFactory = jobFactory;
		this.submitter = submitter;
	}

	/** What the batch is, shown with its status. */
	public BatchBuilder description(String description) {
		this.description = Objects.requireNonNull(description, "description");
		return this;
	}

	/** The job enqueued once, when every member has ended (succeeded, failed for good or cancelled). */
	public BatchBuilder onComplete(Job job) {
		this.onComplete = Objects.requireNonNull(job, "job");
		return this;
	}

	public BatchBuilder onComplete(Class<?> jobClass, Object... args) {
		return onComplete(this.jobFactory.typed(jobClass, args));
	}

	/**
	 * The job enqueued once, when every member has succeeded; a member that failed counts once it succeeds on a
	 * later retry from the failed queue.
	 */
	public BatchBuilder onSuccess(Job job) {
		this.onSuccess = Objects.requireNonNull(job, "job");
		return this;
	}

	public BatchBuilder onSuccess(Class<?> jobClass, Object... args) {
		return onSuccess(this.jobFactory.typed(jobClass, args));
	}

	/**
	 * Collects the members and sends them with the batch. Their arguments are all written before anything is sent,
	 * so one that cannot be written enqueues nothing.
	 */
	public BatchResult enqueue(Consumer<BatchJobs> members) {
		BatchJobs jobs = new BatchJobs(this.jobFactory);
		members.accept(jobs);
		return this.submitter.apply(new BatchDefinition(this.description, jobs.jobs(), this.onComplete, this.onSuccess));
	}

}
