package dev.qssm.simulator.statevector;

import dev.qssm.backend.BackendException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits index ranges over a fixed set of worker threads; the calling thread takes the first part.
 * A gate on a 2^16-amplitude state takes tens of microseconds, about what waking a parked thread
 * costs, so workers spin briefly after each part before parking. One caller uses the workers at a
 * time; a concurrent caller runs its range on its own thread instead of waiting. Work that the
 * workers themselves run is always given {@link #SERIAL}, so a worker never waits on the workers.
 */
final class Par implements AutoCloseable {
  static final Par SERIAL = new Par(1, 1);

  /** How long an idle worker spins before parking. */
  private static final long SPIN_NANOS = 50_000;

  interface Range {
    void run(int from, int to);
  }

  interface Block {
    void run(int block);
  }

  final int threads;
  /** Fewest amplitudes worth a part of their own. */
  final int minAmps;
  private final Worker[] workers;
  /** Held while the workers run one caller's parts; not reentrant, so nested use runs inline. */
  private final AtomicBoolean busy = new AtomicBoolean();

  Par(int threads, int minAmps) {
    this.threads = threads;
    this.minAmps = Math.max(1, minAmps);
    workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker("qssm-exact-" + (i + 1));
      workers[i].start();
    }
  }

  private static final class Worker extends Thread {
    volatile Runnable pending;
    volatile Throwable failure;
    volatile boolean stopped;

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    @Override
    public void run() {
      long idleSince = System.nanoTime();
      while (!stopped) {
        var r = pending;
        if (r != null) {
          try {
            r.run();
          } catch (Throwable t) {
            failure = t;
          }
          pending = null;
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
          idleSince = System.nanoTime();
        }
      }
    }
  }

  boolean parallel() {
    return workers.length > 0;
  }

  /**
   * Runs {@code body} over {@code [0, total)} in contiguous parts; {@code ampsPerItem} says how much
   * work one index is, so small ranges stay on the calling thread.
   */
  void range(int total, long ampsPerItem, Range body) {
    long work = total * Math.max(1, ampsPerItem);
    int parts = (int) Math.min(Math.min(threads, total), Math.max(1, work / minAmps));
    if (parts <= 1 || !busy.compareAndSet(false, true)) {
      body.run(0, total);
      return;
    }
    try {
      var tasks = new Runnable[parts - 1];
      for (int p = 1; p < parts; p++) {
        int from = (int) ((long) total * p / parts);
        int to = (int) ((long) total * (p + 1) / parts);
        tasks[p - 1] = () -> body.run(from, to);
      }
      run(tasks, () -> body.run(0, (int) ((long) total / parts)));
    } finally {
      busy.set(false);
    }
  }

  /** Runs {@code body(b)} for every block; which thread runs a block never changes its result. */
  void blocks(int blocks, long ampsPerBlock, Block body) {
    range(blocks, ampsPerBlock, (from, to) -> {
      for (int b = from; b < to; b++) {
        body.run(b);
      }
    });
  }

  /** Runs independent jobs (e.g. row batches) on all threads, each job on one thread. */
  void jobs(int count, Block body) {
    if (count <= 1 || workers.length == 0 || !busy.compareAndSet(false, true)) {
      for (int j = 0; j < count; j++) {
        body.run(j);
      }
      return;
    }
    try {
      var next = new AtomicInteger();
      Runnable worker = () -> {
        for (int j; (j = next.getAndIncrement()) < count; ) {
          body.run(j);
        }
      };
      var tasks = new Runnable[Math.min(workers.length, count - 1)];
      java.util.Arrays.fill(tasks, worker);
      run(tasks, worker);
    } finally {
      busy.set(false);
    }
  }

  /** Hands {@code tasks[i]} to worker i, runs {@code own} here, waits for all, rethrows a failure. */
  private void run(Runnable[] tasks, Runnable own) {
    for (int i = 0; i < tasks.length; i++) {
      workers[i].failure = null;
      workers[i].pending = tasks[i];
      LockSupport.unpark(workers[i]);
    }
    Throwable failure = null;
    try {
      own.run();
    } catch (Throwable t) {
      failure = t;
    }
    for (int i = 0; i < tasks.length; i++) {
      long start = System.nanoTime();
      while (workers[i].pending != null) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      if (failure == null) {
        failure = workers[i].failure;
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new BackendException("exact backend worker failed", failure);
    }
  }

  @Override
  public void close() {
    for (var w : workers) {
      w.stopped = true;
      LockSupport.unpark(w);
    }
  }
}
