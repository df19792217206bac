package dev.resque.core.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a pool orders its queues for each take. {@link #strict()} (the default, as Resque) empties a queue before it
 * looks at the next, so a busy first queue can starve the others. {@link #weighted} draws the order afresh for
 * every take: the first queue tried is queue {@code i} with probability {@code weight(i) / sum of weights}, the
 * next among the rest likewise, so while all have jobs each queue is served in proportion to its weight, and a
 * queue that is empty passes its turn to the next in the draw. Unlisted queues weigh 1.
 */
public final class QueueOrder {

	private static final QueueOrder STRICT = new QueueOrder(Map.of());

	private final Map<String, Integer> weights;

	private QueueOrder(Map<String, Integer> weights) {
		this.weights = weights;
	}

	public static QueueOrder strict() {
		return STRICT;
	}

	/**
	 * @param weights each queue's weight, 1 or more; queues not listed weigh 1
	 */
	public static QueueOrder weighted(Map<String, Integer> weights) {
		weights.forEach((queue, weight) -> {
			if (weight == null || weight < 1) {
				throw new IllegalArgumentException("Queue " + queue + " has a weight of " + weight + "; weights are 1 or more");
			}
		});
		return new QueueOrder(new LinkedHashMap<>(weights));
	}

	public boolean isStrict() {
		return this == STRICT;
	}

	/** Each queue's weight as given. */
	public Map<String, Integer> weights() {
		return Map.copyOf(this.weights);
	}

	int weightOf(String queue) {
		return this.weights.getOrDefault(queue, 1);
	}

	/** The queues in the order to try them for one take. */
	List<String> apply(List<String> queues) {
		if (isStrict() || queues.size() < 2) {
			return queues;
		}
		// an exponential race: each queue draws a time with rate = its weight and the earliest goes first, which is
		// drawing without replacement in proportion to the weights
		ThreadLocalRandom random = ThreadLocalRandom.current();
		List<Draw> draws = new ArrayList<>(queues.size());
		for (String queue : queues) {
			draws.add(new Draw(queue, -Math.log(1 - random.nextDouble()) / weightOf(queue)));
		}
		draws.sort(Comparator.comparingDouble(Draw::time));
		List<String> order = new ArrayList<>(draws.size());
		for (Draw draw : draws) {
			order.add(draw.queue());
		}
		return order;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof QueueOrder order) && isStrict() == order.isStrict() && this.weights.equals(order.weights);
	}

	@Override
	public int hashCode() {
		return isStrict() ? 0 : this.weights.hashCode();
	}

	@Override
	public String toString() {
		return isStrict() ? "strict" : "weighted " + this.weights;
	}

	private record Draw(String queue, double time) {
	}

}
