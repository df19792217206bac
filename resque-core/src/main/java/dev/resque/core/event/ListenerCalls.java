package dev.resque.core.event;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls each of several listeners; one that throws is logged and neither the caller nor the others notice. */
final class ListenerCalls {

	private static final Logger log = LoggerFactory.getLogger(ListenerCalls.class);

	private ListenerCalls() {
	}

	static <T> void each(List<T> listeners, Consumer<T> call) {
		for (T listener : listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				log.warn("Resque listener {} failed: {}", listener, ex.toString(), ex);
			}
		}
	}

}
