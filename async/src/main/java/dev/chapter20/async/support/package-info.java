/**
 * Machinery the async examples share, not examples of their own: a local HTTP server to fetch from
 * (so no example needs the network), the many-sleepers measurement and the memory it reads, and a
 * body's preview. Read the examples in {@code dev.chapter20.async} first.
 */
package dev.chapter20.async.support;
