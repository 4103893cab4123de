/**
 * The governance evaluation API: what an engine (Trino's Floe plugin) sends and receives to learn,
 * in one call, which tables and columns a caller may read, the row filter and the column masks to
 * apply.
 *
 * <p>Plain records over the JDK and Jackson annotations, nothing else: an engine plugin depends on
 * this package alone. Expressions in the answer are Trino SQL, already rendered with the current
 * column names and resolved to at most one mask per column.
 */
package dev.floe.policy.governance.api;
