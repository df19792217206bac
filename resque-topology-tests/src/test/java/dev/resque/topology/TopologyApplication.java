package dev.resque.topology;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application on the starter whose Redis is whatever topology a test started: its jobs record their runs in
 * memory ({@link JobRuns}), so a run is counted even when Redis loses writes in a failover.
 */
@SpringBootApplication
public class TopologyApplication {

	/** Starts the application with these properties (and no web server unless they ask for one). */
	static ConfigurableApplicationContext run(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(TopologyApplication.class);
		application.setDefaultProperties(properties);
		return application.run();
	}

}
