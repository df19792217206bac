package dev.resque.core.admin;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;

/** Payloads read back as jobs for display: an entry that is not a job is skipped with a warning, not thrown. */
final class StoredJobs {

	private static final Logger log = LoggerFactory.getLogger(StoredJobs.class);

	private StoredJobs() {
	}

	static List<Job> decode(JobCodec codec, List<String> payloads, @Nullable String defaultQueue) {
		List<Job> jobs = new ArrayList<>(payloads.size());
		for (String payload : payloads) {
			Job job = decodeQuietly(codec, payload, defaultQueue);
			if (job != null) {
				jobs.add(job);
			}
			else {
				log.warn("Skipping an entry that is not a job: {}", payload);
			}
		}
		return jobs;
	}

	static @Nullable Job decodeQuietly(JobCodec codec, String payload, @Nullable String defaultQueue) {
		try {
			return codec.decode(payload, defaultQueue);
		}
		catch (InvalidPayloadException ex) {
			return null;
		}
	}

}
