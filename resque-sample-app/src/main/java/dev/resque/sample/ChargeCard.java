package dev.resque.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.Retry;

/**
 * Charges a card; the payment provider declines some amounts (those divisible by 7 here), so this job fails
 * sometimes: each failure is retried after 20 s and 1 min, then it lands in the failed queue.
 */
@ResqueJob(queue = "payments")
@Retry(limit = 2, backoff = { "20s", "1m" })
public class ChargeCard {

	private static final Logger log = LoggerFactory.getLogger(ChargeCard.class);

	public void perform(String order, int cents) {
		if (cents % 7 == 0) {
			throw new IllegalStateException("Card declined for order " + order + " (" + cents + " cents)");
		}
		log.info("Charged {} cents for order {}", cents, order);
	}

}
