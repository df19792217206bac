package dev.resque.autoconfigure;

import dev.resque.core.worker.ResqueWorkerContainer;

/**
 * Callback for beans that customize the auto-configured {@link ResqueWorkerContainer} before it starts, such as
 * supplying the factory of its worker threads with {@link ResqueWorkerContainer#setThreadFactory}. Customizers
 * run in their {@code @Order}, after the container has been set up from the {@code resque.worker.*}
 * properties, so what they set wins.
 */
@FunctionalInterface
public interface ResqueWorkerContainerCustomizer {

	/**
	 * Customizes the container.
	 * @param container the container, not started yet
	 */
	void customize(ResqueWorkerContainer container);

}
