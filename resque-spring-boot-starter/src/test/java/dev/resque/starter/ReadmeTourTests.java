package dev.resque.starter;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.starter.tour.Mailer;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's five-minute tour, taken from the README itself: its dependency is this module as it is built, its
 * job class and enqueue calls compile and run, and its {@code application.yml} starts an application that has
 * nothing but this starter on its class path. When the tour changes, this test reads the new one.
 */
class ReadmeTourTests {

	private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

	@TempDir
	Path classes;

	@Test
	void theTourDependsOnModulesAsTheyAreBuilt() throws IOException {
		List<String> xml = tourBlocks("xml");
		assertThat(xml).hasSize(2);
		assertThat(xml.get(0)).contains("<artifactId>resque-spring-boot-starter</artifactId>")
			.contains("<version>" + projectVersion() + "</version>")
			.doesNotContain("<type>");
		assertThat(xml.get(1)).contains("<artifactId>resque-bom</artifactId>").contains("<scope>import</scope>");
		assertThat(pom("resque-spring-boot-starter")).doesNotContain("<packaging>");
		assertThat(pom("resque-bom")).contains("<packaging>pom</packaging>")
			.contains("<artifactId>resque-spring-boot-starter</artifactId>")
			.contains("<artifactId>resque-spring-boot-test</artifactId>")
			.doesNotContain("<parent>");
	}

	@Test
	void theTourStartsAndRunsItsJob() throws Exception {
		List<String> java = tourBlocks("java");
		compile("SendWelcomeMail", "import dev.resque.core.job.ResqueJob;\nimport java.util.Locale;\n\n" + java.get(0));
		// the one-line calls; the batch line needs the reader's own users
		String calls = java.get(1)
			.lines()
			.filter((line) -> line.matches("(String id = )?resque\\.enqueue(In|At)?\\(.*"))
			.reduce("", (all, line) -> all + "    " + line + "\n");
		compile("TourEnqueues", "import dev.resque.core.ResqueOperations;\nimport java.time.*;\nimport java.util.*;\n\n"
				+ "public class TourEnqueues {\n  public static void run(ResqueOperations resque) {\n" + calls + "  }\n}\n");
		URLClassLoader loader = new URLClassLoader(new URL[] { this.classes.toUri().toURL() },
				getClass().getClassLoader());
		Class<?> job = loader.loadClass(Mailer.class.getPackageName() + ".SendWelcomeMail");
		Class<?> enqueues = loader.loadClass(Mailer.class.getPackageName() + ".TourEnqueues");
		RecordingMailer mailer = new RecordingMailer();
		TestRedis redis = TestRedis.get();
		Map<String, Object> test = new HashMap<>();
		test.put("spring.data.redis.host", redis.host());
		test.put("spring.data.redis.port", redis.port());
		test.put("spring.data.redis.database", redis.database());
		test.put("resque.namespace", TestRedis.newNamespace("Tour"));
		SpringApplication application = new SpringApplication(TourApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers((context) -> {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-redis", test));
			for (PropertySource<?> yaml : tourYaml()) {
				context.getEnvironment().getPropertySources().addLast(yaml);
			}
			GenericApplicationContext generic = (GenericApplicationContext) context;
			generic.registerBean(Mailer.class, () -> mailer);
			generic.registerBean(job);
		});
		try (ConfigurableApplicationContext context = application.run()) {
			try {
				enqueues.getMethod("run", ResqueOperations.class).invoke(null, context.getBean(ResqueOperations.class));
				// the typed and the raw enqueue run at once; the delayed ones wait for their time
				await().atMost(Duration.ofSeconds(10)).until(() -> mailer.sent.size() == 2);
				assertThat(mailer.sent).containsExactly("a@b.c en_GB", "a@b.c en_GB");
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				assertThat(admin.workers().registered()).hasSize(4)
					.extracting(WorkerRegistration::queues)
					.containsOnly(List.of("critical", "mailers", "default"));
				assertThat(admin.delayed().count()).isEqualTo(2);
				assertThat(context.getBean(ResqueScheduler.class).schedules()).extracting(RecurringJob::name)
					.containsExactly("weekly-digest");
			}
			finally {
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class),
						(String) test.get("resque.namespace"));
			}
		}
	}

	/** The code blocks of one language in the tour, in order. */
	private static List<String> tourBlocks(String language) throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		String tour = readme.substring(readme.indexOf("## A five-minute tour"), readme.indexOf("## How it works"));
		List<String> blocks = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(tour);
		while (matcher.find()) {
			if (matcher.group(1).equals(language)) {
				blocks.add(matcher.group(2));
			}
		}
		return blocks;
	}

	private static List<PropertySource<?>> tourYaml() {
		try {
			byte[] yaml = tourBlocks("yaml").get(0).getBytes(StandardCharsets.UTF_8);
			return new YamlPropertySourceLoader().load("README tour", new ByteArrayResource(yaml));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Compiles a snippet in the package of {@link Mailer}, beside the snippets compiled before it. */
	private void compile(String name, String body) throws IOException {
		String pkg = Mailer.class.getPackageName();
		Path source = this.classes.resolve(name + ".java");
		Files.writeString(source, "package " + pkg + ";\n\n" + body);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int status = compiler.run(null, null, null, "-d", this.classes.toString(), "-classpath",
				System.getProperty("java.class.path") + File.pathSeparator + this.classes, "-parameters",
				source.toString());
		assertThat(status).as("the tour's %s compiles", name).isZero();
	}

	private static String pom(String module) throws IOException {
		return Files.readString(Path.of("..", module, "pom.xml"));
	}

	private static String projectVersion() throws IOException {
		Matcher version = Pattern.compile("<artifactId>resque-parent</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(Path.of("..", "pom.xml")));
		assertThat(version.find()).isTrue();
		return version.group(1);
	}

	@SpringBootApplication
	static class TourApplication {

	}

	static final class RecordingMailer implements Mailer {

		final List<String> sent = new CopyOnWriteArrayList<>();

		@Override
		public void sendWelcome(String email, Locale locale) {
			this.sent.add(email + " " + locale);
		}

	}

}
