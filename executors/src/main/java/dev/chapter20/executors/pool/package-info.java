/**
 * A process pool for Java: {@link dev.chapter20.executors.pool.ProcessPoolExecutor}, an {@code
 * ExecutorService} whose tasks run in worker JVMs. In one sentence: a queue of serialized tasks, a
 * worker JVM per core, and in this JVM one thread per worker that reads its replies and gives it
 * its next task.
 *
 * <p><b>How a task travels.</b> {@code submit} serializes the task ({@code wire.Wire}). If a worker
 * is idle ({@link dev.chapter20.executors.pool.JobQueue}), the caller's thread sends it the task at
 * once ({@link dev.chapter20.executors.pool.WorkerSlot}, {@code transport.WorkerProcess});
 * otherwise the task waits in the queue. Each worker has a thread here that reads its replies,
 * completes their futures and sends it its next task. The worker JVM ({@link
 * dev.chapter20.executors.pool.WorkerMain}) reads a task, runs it and replies, one at a time.
 *
 * <p><b>The layers</b>, one package each, imports going one way: this package, the scheduler and
 * the API; {@code transport}, one worker JVM and its connection, which knows nothing of tasks;
 * {@code wire}, what travels and how much; {@code map}, {@code map}'s chunks and streamed results;
 * {@code aot}, the AOT cache, behind the transport's {@code JvmStartup}. The executors README draws
 * a task's journey, gives a reading order, and has the failure table and the threat model.
 */
package dev.chapter20.executors.pool;
