package dev.resque.test;

import dev.resque.core.job.ResqueException;

/** A job performed inline threw a checked exception; it is the cause. */
public class JobPerformException extends ResqueException {

	public JobPerformException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Performs a job in this thread; unchecked failures pass through, checked ones are wrapped. */
	static void perform(dev.resque.core.worker.JobInvoker invoker, dev.resque.core.job.Job job) {
		try {
			invoker.invoke(job);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new JobPerformException("Job " + job.name() + " failed: " + ex, ex);
		}
	}

}
