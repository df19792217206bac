package dev.resque.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code resque.shards.*} names at least one shard. */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnResqueShards.OnShards.class)
public @interface ConditionalOnResqueShards {

	final class OnShards extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean sharded = Binder.get(context.getEnvironment())
				.bind("resque.shards", Bindable.mapOf(String.class, Object.class))
				.map((shards) -> !shards.isEmpty())
				.orElse(false);
			return sharded ? ConditionOutcome.match("resque.shards names shards")
					: ConditionOutcome.noMatch("resque.shards names no shard");
		}

	}

}
