package dev.resque.core.queue;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * An entry of a queue as it is stored, with the job read from it: for screens that must show an entry that is
 * not a job rather than skip it, and act on exactly this entry.
 *
 * @param raw the stored bytes, as text
 * @param job the job, or {@code null} when the entry is not one
 * @param jobId the job's id, or {@code null} when it carries none
 */
public record StoredEntry(String raw, @Nullable Job job, @Nullable String jobId) {

}
