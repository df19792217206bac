package dev.resque.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.resque.core.batch.BatchBuilder;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;

/**
 * Enqueueing jobs, now or later: what application code injects. {@link ResqueTemplate} sends them to Redis; the
 * test modes keep them in memory or perform them at once.
 *
 * <pre class="code">
 * String id = resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK).jobId(); // queue, name from @ResqueJob
 * resque.enqueue("mailers", "SendWelcomeMail", List.of("a@b.c", "en_GB"));   // raw form, for any language
 * resque.enqueueIn(Duration.ofMinutes(5), SendWelcomeMail.class, "a@b.c", Locale.UK);
 * resque.enqueueAll(users.stream().map((user) -&gt; resque.job(SendWelcomeMail.class, user.mail())).toList());
 * </pre>
 *
 * Arguments are written as JSON before anything is sent, so arguments that cannot be written fail with a
 * {@link dev.resque.core.codec.JobEncodingException} and nothing is enqueued.
 */
public interface ResqueOperations {

	/**
	 * The job a typed enqueue sends: name and queue from the class's {@code @ResqueJob}, arguments as JSON values.
	 * @throws IllegalArgumentException when the class is not a job, no {@code perform} takes that many arguments,
	 * or an argument does not bind to its parameter as a worker would bind it (a {@code perform(List<Invoice>)}
	 * takes one argument, the list, not its elements)
	 */
	Job job(Class<?> jobClass, Object... args);

	/** A job by name, for jobs that may be worked by another language. */
	Job job(String queue, String jobName, List<?> args);

	/**
	 * Enqueues a job.
	 * @return the job's id, by which its status is read, and whether it was enqueued ({@code false} when a
	 * plugin's {@code beforeEnqueue} stopped it: a queue lock, for instance)
	 */
	EnqueueResult enqueue(Job job);

	/**
	 * Enqueues many jobs, all written before any is sent, so one bad argument enqueues nothing.
	 * @return one result per job, in their order (a plugin may stop some)
	 */
	List<EnqueueResult> enqueueAll(Collection<Job> jobs);

	/**
	 * Schedules a job for a time, rounded up to the whole second (a job never runs early); the elected scheduler
	 * moves it to its queue when due.
	 * @return the job's id and whether it was scheduled: not when the same job with the same arguments is already
	 * scheduled in that second (the id is then that job's)
	 */
	EnqueueResult enqueueAt(Instant at, Job job);

	/**
	 * Starts a batch: jobs enqueued together, with callbacks enqueued once when every member has ended
	 * ({@code onComplete}) or succeeded ({@code onSuccess}), whichever instance finishes the last member:
	 * {@code resque.batch().onSuccess(Report.class, month).enqueue((jobs) -> ids.forEach((id) -> jobs.add(Bill.class, id)))}.
	 */
	BatchBuilder batch();

	/** Enqueues a {@code @ResqueJob} on the queue its annotation names. */
	default EnqueueResult enqueue(Class<?> jobClass, Object... args) {
		return enqueue(job(jobClass, args));
	}

	/** Enqueues a job by name. */
	default EnqueueResult enqueue(String queue, String jobName, List<?> args) {
		return enqueue(job(queue, jobName, args));
	}

	default EnqueueResult enqueueAt(Instant at, Class<?> jobClass, Object... args) {
		return enqueueAt(at, job(jobClass, args));
	}

	default EnqueueResult enqueueAt(Instant at, String queue, String jobName, List<?> args) {
		return enqueueAt(at, job(queue, jobName, args));
	}

	default EnqueueResult enqueueIn(Duration delay, Class<?> jobClass, Object... args) {
		return enqueueAt(Instant.now().plus(delay), jobClass, args);
	}

	default EnqueueResult enqueueIn(Duration delay, String queue, String jobName, List<?> args) {
		return enqueueAt(Instant.now().plus(delay), queue, jobName, args);
	}

	default EnqueueResult enqueueIn(Duration delay, Job job) {
		return enqueueAt(Instant.now().plus(delay), job);
	}

}
