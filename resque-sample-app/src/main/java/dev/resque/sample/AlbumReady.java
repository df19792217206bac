package dev.resque.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;

/** Tells the owner their album is ready: the callback of the batch that resizes its images. */
@ResqueJob(queue = "mailers")
public class AlbumReady {

	private static final Logger log = LoggerFactory.getLogger(AlbumReady.class);

	public void perform(String album) {
		log.info("Album {} is ready", album);
	}

}
