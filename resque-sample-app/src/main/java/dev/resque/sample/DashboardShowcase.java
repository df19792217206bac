package dev.resque.sample;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import dev.resque.core.ResqueOperations;

/**
 * Gives every dashboard page something to show on the first run: payments of which some are declined (Retries,
 * then Failed), an import that fails at once (Failed), a slow resize (Working), an album resized as a batch
 * (Batches) and a delayed charge (Delayed).
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.showcase", matchIfMissing = true)
class DashboardShowcase implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DashboardShowcase.class);

	private final ResqueOperations resque;

	DashboardShowcase(ResqueOperations resque) {
		this.resque = resque;
	}

	@Override
	public void run(ApplicationArguments args) {
		int[] amounts = { 1250, 4900, 2599, 700, 1800 };
		for (int i = 0; i < amounts.length; i++) {
			this.resque.enqueue(ChargeCard.class, "order-" + (1001 + i), amounts[i]);
		}
		this.resque.enqueue(ImportContacts.class, "contacts.xls");
		this.resque.enqueue(ResizeImages.class, "holidays-2026", 240);
		this.resque.batch()
			.description("Resize album summer-2026")
			.onComplete(AlbumReady.class, "summer-2026")
			.enqueue((batch) -> {
				for (int part = 1; part <= 3; part++) {
					batch.add(ResizeImages.class, "summer-2026/part-" + part, 4);
				}
			});
		this.resque.enqueueIn(Duration.ofHours(1), ChargeCard.class, "order-2001", 990);
		log.info("Enqueued the dashboard showcase: payments (two declined), an import that fails, a slow resize, "
				+ "a batch and a delayed charge; open /resque signed in as admin");
	}

}
