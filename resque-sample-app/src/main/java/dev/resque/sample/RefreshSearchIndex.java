package dev.resque.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.QueueLock;

/** Rebuilds the search index; asking again while a refresh waits in the queue adds nothing. */
@ResqueJob(queue = "default")
@QueueLock(lockTimeout = "10m")
public class RefreshSearchIndex {

	private static final Logger log = LoggerFactory.getLogger(RefreshSearchIndex.class);

	public void perform() {
		log.info("Search index refreshed");
	}

}
