package dev.resque.containers;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop whose jobs the tests run on Redis in a container: its Redis connection comes from the test's
 * {@code @ServiceConnection}, nothing in its configuration names a server.
 */
@SpringBootApplication
public class ShopApplication {

}
