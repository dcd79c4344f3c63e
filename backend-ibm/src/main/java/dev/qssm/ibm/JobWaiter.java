package dev.qssm.ibm;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Polls {@code GET /jobs/{id}?exclude_params=true} with back-off (1 s growing to a few seconds)
 * until the job is final, reports progress (state, queue position when IBM gives one), cancels the
 * job when the JVM is interrupted (Ctrl-C), and returns the results text. Failed and cancelled
 * jobs raise an {@link IbmException} with IBM's reason.
 */
final class JobWaiter {
  // its own level, so that job progress shows even when the CLI keeps everything else at WARNING
  private static final Logger LOG = Logger.getLogger("dev.qssm.ibm.progress");

  static {
    LOG.setLevel(java.util.logging.Level.INFO);
  }
  private final IbmClient client;
  private final IbmClient.Sleeper sleeper;
  private final boolean cancelOnExit;
  private final double maxPollSeconds;

  JobWaiter(IbmClient client, IbmClient.Sleeper sleeper, boolean cancelOnExit, double maxPollSeconds) {
    this.client = client;
    this.sleeper = sleeper;
    this.cancelOnExit = cancelOnExit;
    this.maxPollSeconds = maxPollSeconds;
  }

  String await(String id) {
    Thread hook = null;
    if (cancelOnExit) {
      hook = new Thread(() -> {
        try {
          boolean done = client.cancel(id);
          System.err.println(done ? "cancelled IBM job " + id : "IBM job " + id + " could not be cancelled any more");
        } catch (RuntimeException e) {
          System.err.println("could not cancel IBM job " + id + ": " + e.getMessage());
        }
      }, "qssm-ibm-cancel-" + id);
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      double wait = 1;
      String last = null;
      while (true) {
        JsonObject job = client.job(id);
        String status = status(job);
        if (!status.equals(last)) {
          String position = status.equals("QUEUED") ? queuePosition(id) : "";
          LOG.info("IBM job " + id + ": " + status.toLowerCase(Locale.ROOT) + position);
          last = status;
        }
        switch (status) {
          case "COMPLETED": {
            String text = client.results(id);
            if (text == null) {
              throw new IbmException("IBM job " + id + " completed but has no final result (HTTP 204)", 204, null, null);
            }
            return text;
          }
          case "FAILED":
            throw failure(id, job, "failed");
          case "CANCELLED":
            throw failure(id, job, "was cancelled");
          default:
            break;
        }
        try {
          sleeper.sleep(Duration.ofMillis((long) (wait * 1000)));
        } catch (InterruptedException e) {
          try {
            client.cancel(id); // before restoring the flag: an interrupted thread cannot make the call
          } catch (RuntimeException ignored) {
            // the interrupt is what matters; the job may already be final
          }
          Thread.currentThread().interrupt();
          throw new IbmException("interrupted while waiting for IBM job " + id + "; cancelled it", e);
        }
        wait = Math.min(maxPollSeconds, wait * 1.5);
      }
    } finally {
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
          // the JVM is already shutting down: the hook runs
        }
      }
    }
  }

  /** state.status (upper case), else the top-level status; "Cancelled - Ran too long" counts as cancelled. */
  static String status(JsonObject job) {
    String s = null;
    if (job.has("state") && job.get("state").isJsonObject()) {
      s = IbmClient.str(job.getAsJsonObject("state"), "status");
    }
    if (s == null) {
      s = IbmClient.str(job, "status");
    }
    if (s == null) {
      return "UNKNOWN";
    }
    s = s.toUpperCase(Locale.ROOT);
    return s.startsWith("CANCELLED") ? "CANCELLED" : s;
  }

  private String queuePosition(String id) {
    try {
      var m = client.metrics(id);
      if (m.has("position_in_queue") && m.get("position_in_queue").isJsonPrimitive()) {
        return " (position " + m.get("position_in_queue").getAsString() + " in the queue)";
      }
    } catch (RuntimeException e) {
      // metrics are optional; progress goes on without the position
    }
    return "";
  }

  private static IbmJobFailedException failure(String id, JsonObject job, String what) {
    var sb = new StringBuilder("IBM job ").append(id).append(' ').append(what);
    String reason = null;
    String code = null;
    String solution = null;
    if (job.has("state") && job.get("state").isJsonObject()) {
      var st = job.getAsJsonObject("state");
      reason = IbmClient.str(st, "reason");
      code = IbmClient.str(st, "reason_code");
      if (code == null) {
        code = IbmClient.str(st, "reasonCode");
      }
      solution = IbmClient.str(st, "reason_solution");
    }
    if ("1305".equals(code)) {
      sb.append(" (it ran longer than its cost limit; raise -o cost=SECONDS)");
    }
    if (reason != null) {
      sb.append(": ").append(reason);
    }
    if (code != null) {
      sb.append(" [code ").append(code).append(']');
    }
    if (solution != null) {
      sb.append(" Solution: ").append(solution);
    }
    return new IbmJobFailedException(sb.toString(), code);
  }
}
