package dev.resque.core.doctor;

import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * The doctor from a shell, without the application:
 *
 * <pre>
 * java -cp 'app.jar:...' dev.resque.core.doctor.DoctorMain [--redis redis://host:6379/0] [--namespace resque]
 *     [--dialect node|ruby] [--repair KIND]
 * </pre>
 *
 * It prints what it found, each finding with its fix and the command that applies it; {@code --repair} applies
 * one kind's fix, then examines again. The password, when there is one, comes from {@code RESQUE_REDIS_PASSWORD},
 * never from the command line. Exits 0 when healthy (no findings, or notes only), 1 with damage, 2 on a usage or
 * connection error.
 */
public final class DoctorMain {

	private DoctorMain() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		String redis = "redis://127.0.0.1:6379/0";
		String namespace = "resque";
		WireDialect dialect = WireDialect.NODE;
		@Nullable FindingKind repair = null;
		try {
			for (int i = 0; i < args.length; i++) {
				@Nullable String value = (i + 1 < args.length) ? args[i + 1] : null;
				switch (args[i]) {
					case "--redis" -> redis = required(value, args[i++]);
					case "--namespace" -> namespace = required(value, args[i++]);
					case "--dialect" -> dialect = WireDialect.valueOf(required(value, args[i++]).toUpperCase(Locale.ROOT));
					case "--repair" -> repair = FindingKind.valueOf(required(value, args[i++]).toUpperCase(Locale.ROOT));
					default -> throw new IllegalArgumentException("Unknown option " + args[i]);
				}
			}
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.println("Usage: DoctorMain [--redis redis://host:port/db] [--namespace resque] [--dialect node|ruby] "
					+ "[--repair KIND]; kinds: " + java.util.Arrays.toString(FindingKind.values()));
			return 2;
		}
		LettuceConnectionFactory factory = connect(URI.create(redis));
		try {
			NamespaceDoctor doctor = new NamespaceDoctor(new RedisCalls(factory), new ResqueKeys(namespace),
					new JobCodec(dialect));
			if (repair != null) {
				out.println("Repaired " + doctor.repair(repair) + " place(s) with " + repair);
			}
			DoctorReport report = doctor.examine();
			print(report, out);
			return report.healthy() ? 0 : 1;
		}
		catch (RuntimeException ex) {
			err.println("The doctor could not examine " + namespace + " on " + redis + ": " + ex.getMessage());
			return 2;
		}
		finally {
			factory.destroy();
		}
	}

	static void print(DoctorReport report, PrintStream out) {
		out.printf("Namespace %s: %d keys scanned, %d entries read in %d ms%s%n", report.namespace(), report.keysScanned(),
				report.entriesRead(), report.took().toMillis(), report.complete() ? "" : " (some lists were read in part)");
		if (report.findings().isEmpty()) {
			out.println("No findings.");
		}
		for (Finding finding : report.findings()) {
			out.printf("%s%s: %d%n  %s%n  fix: %s%n", finding.kind(), finding.kind().isNote() ? " (note)" : "", finding.count(),
					finding.kind().meaning(), finding.fix());
			if (!finding.fixCommand().isEmpty()) {
				out.println("  apply: " + finding.fixCommand());
			}
			finding.examples().forEach((example) -> out.println("  e.g. " + example));
		}
	}

	private static String required(@Nullable String value, String option) {
		if (value == null) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return value;
	}

	private static LettuceConnectionFactory connect(URI uri) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(uri.getHost(),
				(uri.getPort() > 0) ? uri.getPort() : 6379);
		String path = (uri.getPath() != null) ? uri.getPath().replace("/", "") : "";
		if (!path.isEmpty()) {
			configuration.setDatabase(Integer.parseInt(path));
		}
		String password = System.getenv("RESQUE_REDIS_PASSWORD");
		if (password != null && !password.isEmpty()) {
			configuration.setPassword(password);
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
