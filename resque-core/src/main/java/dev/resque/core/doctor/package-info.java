/**
 * The namespace doctor: scans a namespace in bounded steps for what is broken (entries that are not jobs, work
 * nobody will finish, leaked locks, inconsistent bookkeeping) and repairs one kind of finding when asked, never by
 * itself.
 */
@NullMarked
package dev.resque.core.doctor;

import org.jspecify.annotations.NullMarked;
