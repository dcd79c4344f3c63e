package dev.qssm.simulator.statevector;

import dev.qssm.backend.BackendException;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits index ranges over a fixed pool of threads; the calling thread takes the first part.
 * Work that only the pool's own tasks run is always given {@link #SERIAL}, so a pool thread never
 * waits on the pool.
 */
final class Par implements AutoCloseable {
  static final Par SERIAL = new Par(1, 1);

  interface Range {
    void run(int from, int to);
  }

  interface Block {
    void run(int block);
  }

  final int threads;
  /** Fewest amplitudes worth a part of their own. */
  final int minAmps;
  private final ExecutorService pool;

  Par(int threads, int minAmps) {
    this.threads = threads;
    this.minAmps = Math.max(1, minAmps);
    if (threads > 1) {
      var count = new AtomicInteger();
      pool = Executors.newFixedThreadPool(threads - 1, r -> {
        var t = new Thread(r, "qssm-exact-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      pool = null;
    }
  }

  boolean parallel() {
    return pool != null;
  }

  /**
   * Runs {@code body} over {@code [0, total)} in contiguous parts; {@code ampsPerItem} says how much
   * work one index is, so small ranges stay on the calling thread.
   */
  void range(int total, long ampsPerItem, Range body) {
    long work = total * Math.max(1, ampsPerItem);
    int parts = (int) Math.min(Math.min(threads, total), Math.max(1, work / minAmps));
    if (pool == null || parts <= 1) {
      body.run(0, total);
      return;
    }
    var futures = new ArrayList<Future<?>>(parts - 1);
    for (int p = 1; p < parts; p++) {
      int from = (int) ((long) total * p / parts);
      int to = (int) ((long) total * (p + 1) / parts);
      futures.add(pool.submit(() -> body.run(from, to)));
    }
    body.run(0, (int) ((long) total / parts));
    join(futures);
  }

  /** Runs {@code body(b)} for every block; which thread runs a block never changes its result. */
  void blocks(int blocks, long ampsPerBlock, Block body) {
    range(blocks, ampsPerBlock, (from, to) -> {
      for (int b = from; b < to; b++) {
        body.run(b);
      }
    });
  }

  private static void join(ArrayList<Future<?>> futures) {
    RuntimeException failure = null;
    for (var f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        var cause = e.getCause();
        if (failure == null) {
          failure = cause instanceof RuntimeException r ? r : new BackendException("exact backend worker failed", cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("interrupted while waiting for exact backend workers", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Runs independent jobs (e.g. row batches) on all threads, each job on one thread. */
  void jobs(int count, Block body) {
    if (pool == null || count <= 1) {
      for (int j = 0; j < count; j++) {
        body.run(j);
      }
      return;
    }
    var next = new AtomicInteger();
    Runnable worker = () -> {
      for (int j; (j = next.getAndIncrement()) < count; ) {
        body.run(j);
      }
    };
    var futures = new ArrayList<Future<?>>();
    for (int t = 1; t < Math.min(threads, count); t++) {
      futures.add(pool.submit(worker));
    }
    worker.run();
    join(futures);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
