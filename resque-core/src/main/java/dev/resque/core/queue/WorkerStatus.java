package dev.resque.core.queue;

import org.jspecify.annotations.Nullable;

/**
 * A registered worker and the job it is working on, if any.
 *
 * @param worker the registration
 * @param workingOn the current job, or {@code null} when the worker is idle
 */
public record WorkerStatus(WorkerRegistration worker, @Nullable WorkingOn workingOn) {

	public boolean isIdle() {
		return this.workingOn == null;
	}

}
