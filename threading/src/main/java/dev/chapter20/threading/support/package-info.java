/**
 * Machinery the threading examples share, not examples of their own: the counter race that section
 * 20.1.2's demos, tests and benchmarks run, and a way to start a thread whose body may wait. Read
 * the examples in {@code dev.chapter20.threading} first.
 */
package dev.chapter20.threading.support;
