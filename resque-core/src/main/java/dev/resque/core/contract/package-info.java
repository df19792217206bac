/**
 * Job contracts: the JSON Schema of each {@code @ResqueJob}'s {@code perform} parameters, published in Redis for
 * every language's producers, and checked, when asked, against jobs enqueued by name.
 */
@NullMarked
package dev.resque.core.contract;

import org.jspecify.annotations.NullMarked;
