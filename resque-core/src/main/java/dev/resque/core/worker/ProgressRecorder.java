package dev.resque.core.worker;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import dev.resque.core.event.JobProgressEvent;
import dev.resque.core.redis.ResqueScripts;

/**
 * Where a running job's progress reports go: a tracked job's status (one small script, written only while this
 * worker's working-on record still holds the job), then the listeners. A report that cannot reach Redis is logged and lost, never the
 * job's failure: progress is advice. Jobs that never report cost nothing.
 */
final class ProgressRecorder {

	private static final Logger log = LoggerFactory.getLogger(ProgressRecorder.class);

	/** The most characters of a progress message kept. */
	static final int MAX_MESSAGE = 500;

	private final WorkerContext context;

	private final String worker;

	private final String workerId;

	private final @Nullable String trackedId;

	/**
	 * @param worker the worker's name
	 * @param workerId its registration id, which names its working-on record
	 */
	ProgressRecorder(WorkerContext context, String worker, String workerId, @Nullable String trackedId) {
		this.context = context;
		this.worker = worker;
		this.workerId = workerId;
		this.trackedId = trackedId;
	}

	void record(RunningJob running, int percent, @Nullable String message) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("Progress is a percentage from 0 to 100, not " + percent);
		}
		String shown = (message != null && message.length() > MAX_MESSAGE) ? message.substring(0, MAX_MESSAGE) : message;
		if (this.trackedId != null) {
			try {
				this.context.redis().execute(ResqueScripts.PROGRESS,
						List.of(this.context.keys().job(this.trackedId), this.context.keys().worker(this.workerId)),
						this.trackedId, Integer.toString(percent), (shown != null) ? shown : "");
			}
			catch (DataAccessException ex) {
				log.warn("The progress of job {} on worker {} could not be recorded: {}", running.jobId(), this.worker,
						ex.toString());
			}
		}
		this.context.listener().jobProgress(new JobProgressEvent(this.worker, running.job(), running.jobId(), percent, shown));
	}

}
