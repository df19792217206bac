package dev.resque.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;
import dev.resque.core.worker.JobContext;

/**
 * Resizes an album's images, slowly (half a second each here), reporting its progress as it goes: a job that
 * shows on the Working page, and that can be cancelled there.
 */
@ResqueJob(queue = "media")
public class ResizeImages {

	private static final Logger log = LoggerFactory.getLogger(ResizeImages.class);

	private final JobContext context;

	public ResizeImages(JobContext context) {
		this.context = context;
	}

	public void perform(String album, int images) throws InterruptedException {
		for (int done = 0; done < images; done++) {
			// cancelling interrupts this sleep: the job ends cancelled
			Thread.sleep(500);
			this.context.progress(100 * (done + 1) / images, (done + 1) + " of " + images + " images");
		}
		log.info("Resized {} images of album {}", images, album);
	}

}
