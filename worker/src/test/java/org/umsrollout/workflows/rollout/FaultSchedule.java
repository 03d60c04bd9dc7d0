package org.umsrollout.workflows.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.umsrollout.workflows.model.Gate;

/**
 * One random fault schedule, made from its seed alone: the network, the policy, the faults set up
 * before the rollout starts, the events that happen at set times after it started, and how the
 * operator answers the holds, in order. The same seed gives the same schedule; the interleaving
 * with the rollout's own timing differs from run to run.
 *
 * @param hosts the network, in inventory order, with each host's role and install time
 * @param rejections the gates the operator rejects rather than approves
 * @param setup faults in place before the rollout starts
 * @param events what happens at a time after the start, earliest first
 * @param holdDelayMillis how long the operator takes to answer a hold
 * @param answers the operator's answers to the holds, in order; after them the operator fixes the
 *     cause and retries, and after {@link #RETRIES_AFTER_ANSWERS} more such holds aborts with
 *     confirmation
 */
record FaultSchedule(
    long seed,
    String site,
    List<Host> hosts,
    List<String> approvals,
    List<String> rejections,
    int maxAttempts,
    boolean orphan,
    List<Fault> setup,
    List<Event> events,
    List<Answer> answers,
    int gateDelayMillis,
    int holdDelayMillis) {

  static final int RETRIES_AFTER_ANSWERS = 6;

  enum Role {
    SERVER,
    LOAD_BALANCER,
    CONSOLE
  }

  record Host(String name, Role role, int installMillis) {}

  /** A fault set up in the lab before the rollout starts. */
  record Fault(Kind kind, String host, int times, boolean permanent) {
    enum Kind {
      FAIL_INSTALLS,
      FAIL_INSTALLS_IN_UPDATE_MODE,
      DOES_NOT_RECONNECT,
      LOAD_BALANCER_DOES_NOT_STOP
    }

    @Override
    public String toString() {
      return switch (kind) {
        case FAIL_INSTALLS ->
            "failInstalls("
                + host
                + ", "
                + times
                + ", "
                + (permanent ? "permanent" : "transient")
                + ")";
        case FAIL_INSTALLS_IN_UPDATE_MODE ->
            "failInstallsInUpdateMode("
                + host
                + ", "
                + times
                + ", "
                + (permanent ? "permanent" : "transient")
                + ")";
        case DOES_NOT_RECONNECT -> "doesNotReconnect(" + host + ")";
        case LOAD_BALANCER_DOES_NOT_STOP -> "loadBalancerDoesNotStop(" + host + ", " + times + ")";
      };
    }
  }

  /**
   * Something that happens {@code atMillis} after the start. {@code lastsMillis} is how long an
   * outage lasts; 0 means until the operator fixes it when answering a hold.
   */
  record Event(int atMillis, Kind kind, String host, int times, int lastsMillis) {
    enum Kind {
      STATUS_READS_FAIL,
      NETWORK_LIST_LAG,
      AGENT_DIES,
      AGENT_DIES_MID_INSTALL,
      ORCHESTRATOR_RESTARTS,
      DATABASE_OUTAGE,
      PAUSE,
      UNCONFIRMED_ABORT,
      CONFIRMED_ABORT
    }

    @Override
    public String toString() {
      String what =
          switch (kind) {
            case STATUS_READS_FAIL -> "failStatusReads(" + host + ", " + times + ")";
            case NETWORK_LIST_LAG -> "networkListLag(" + times + " ms) for " + lastsMillis + " ms";
            case AGENT_DIES -> "the agent of " + host + " dies" + until();
            case AGENT_DIES_MID_INSTALL ->
                "from then, once an installer runs on " + host + ", its agent dies" + until();
            case ORCHESTRATOR_RESTARTS ->
                "the orchestrator worker dies, back after " + lastsMillis + " ms";
            case DATABASE_OUTAGE -> "the productive database stops answering" + until();
            case PAUSE -> "pause, resume after " + lastsMillis + " ms";
            case UNCONFIRMED_ABORT -> "abort without confirmation";
            case CONFIRMED_ABORT -> "abort with confirmation";
          };
      return "at " + atMillis + " ms: " + what;
    }

    private String until() {
      return lastsMillis == 0
          ? " until the operator fixes it"
          : ", back after " + lastsMillis + " ms";
    }
  }

  enum Answer {
    /** retryHost at a host, else retry, as Updates. */
    RETRY,
    /** the answerHold signal with retry. */
    RETRY_BY_SIGNAL,
    /** skipHost, confirmed (S6); where the hold is no host's install, a retry. */
    SKIP,
    /** abort, confirmed (S6). */
    ABORT
  }

  /**
   * @param outlivingInstallers whether the schedule also has the slow faults that found a workflow
   *     bug (fixed since): an agent that dies while its server's installer runs, and comes back
   *     within the heartbeat timeout, with installs of 3 s instead of 20-50 ms where agents die
   *     mid-install, so that the installer outlives the failed install (see {@code
   *     SafetyFindingsTest.serverWhoseInstallerOutlivesAFailedInstallStaysCounted_S1_S6}); and
   *     rejections of the gates past the point of no return (see {@code
   *     SafetyFindingsTest.rejectingEndUpdateModePastThePointOfNoReturnNeedsConfirmation_S6})
   */
  static FaultSchedule generate(long seed, String site, boolean outlivingInstallers) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Host> hosts = new ArrayList<>();
    int servers = 2 + r.nextInt(3);
    int loadBalancers = r.nextInt(3);
    int consoles = r.nextInt(2);
    for (int i = 1; i <= servers; i++) {
      hosts.add(new Host(site + "-srv-" + i, Role.SERVER, 20 + r.nextInt(31)));
    }
    for (int i = 1; i <= loadBalancers; i++) {
      hosts.add(new Host(site + "-lb-" + i, Role.LOAD_BALANCER, 20 + r.nextInt(31)));
    }
    for (int i = 1; i <= consoles; i++) {
      hosts.add(new Host(site + "-console-" + i, Role.CONSOLE, 20 + r.nextInt(31)));
    }

    List<String> approvals = new ArrayList<>();
    for (Gate gate : List.of(Gate.FIRST_SERVER, Gate.END_UPDATE_MODE, Gate.LOAD_BALANCERS)) {
      if (r.nextInt(100) < 35) {
        approvals.add(gate.id());
      }
    }
    int maxAttempts = r.nextInt(100) < 65 ? 1 : 2;
    boolean orphan = r.nextInt(100) < 10;
    // Rejections end a rollout: before the point of no return that is fine; past it (the gates
    // after first-server) only a confirmed rejection is taken, and the operator tries both.
    List<String> rejections = new ArrayList<>();
    for (Gate gate : Gate.values()) {
      boolean waits = approvals.contains(gate.id()) || (gate == Gate.REMOVE_ORPHANS && orphan);
      boolean pastThePoint = gate == Gate.END_UPDATE_MODE || gate == Gate.LOAD_BALANCERS;
      if (waits && r.nextInt(100) < (pastThePoint ? 15 : 5)) {
        rejections.add(gate.id());
      }
    }

    List<Fault> setup = new ArrayList<>();
    for (Host host : hosts) {
      switch (host.role()) {
        case SERVER -> {
          if (r.nextInt(100) < 15) {
            setup.add(
                new Fault(
                    Fault.Kind.FAIL_INSTALLS, host.name(), 1 + r.nextInt(3), r.nextBoolean()));
          }
          if (r.nextInt(100) < 20) {
            setup.add(
                new Fault(
                    Fault.Kind.FAIL_INSTALLS_IN_UPDATE_MODE,
                    host.name(),
                    1 + r.nextInt(2),
                    r.nextBoolean()));
          }
          if (r.nextInt(100) < 12) {
            setup.add(new Fault(Fault.Kind.DOES_NOT_RECONNECT, host.name(), 0, false));
          }
        }
        case LOAD_BALANCER -> {
          if (r.nextInt(100) < 20) {
            setup.add(
                new Fault(
                    Fault.Kind.LOAD_BALANCER_DOES_NOT_STOP, host.name(), 1 + r.nextInt(3), false));
          }
          if (r.nextInt(100) < 10) {
            setup.add(
                new Fault(
                    Fault.Kind.FAIL_INSTALLS, host.name(), 1 + r.nextInt(2), r.nextBoolean()));
          }
        }
        case CONSOLE -> {
          if (r.nextInt(100) < 15) {
            setup.add(
                new Fault(
                    Fault.Kind.FAIL_INSTALLS, host.name(), 1 + r.nextInt(2), r.nextBoolean()));
          }
        }
      }
    }

    List<Event> events = new ArrayList<>();
    int count = r.nextInt(5);
    for (int i = 0; i < count; i++) {
      int at = r.nextInt(2500);
      Host host = hosts.get(r.nextInt(hosts.size()));
      int kind = r.nextInt(100);
      Event event;
      if (kind < 22) {
        event = new Event(at, Event.Kind.STATUS_READS_FAIL, host.name(), 1 + r.nextInt(6), 0);
      } else if (kind < 40) {
        event =
            new Event(
                at, Event.Kind.NETWORK_LIST_LAG, null, 20 + r.nextInt(380), 200 + r.nextInt(1500));
      } else if (kind < 48) {
        event =
            new Event(
                at,
                Event.Kind.AGENT_DIES,
                host.name(),
                0,
                r.nextBoolean() ? 0 : 50 + r.nextInt(2500));
      } else if (kind < 57) {
        Host installed = hosts.get(r.nextInt(hosts.size() - consoles));
        event =
            new Event(
                at / 2,
                Event.Kind.AGENT_DIES_MID_INSTALL,
                installed.name(),
                0,
                r.nextBoolean() ? 0 : 20 + r.nextInt(1500));
      } else if (kind < 67) {
        event = new Event(at, Event.Kind.ORCHESTRATOR_RESTARTS, null, 0, r.nextInt(400));
      } else if (kind < 74) {
        event =
            new Event(
                at,
                Event.Kind.DATABASE_OUTAGE,
                null,
                0,
                r.nextBoolean() ? 0 : 50 + r.nextInt(1500));
      } else if (kind < 86) {
        event = new Event(at, Event.Kind.PAUSE, null, 0, 20 + r.nextInt(600));
      } else if (kind < 95) {
        event = new Event(at, Event.Kind.UNCONFIRMED_ABORT, null, 0, 0);
      } else {
        event = new Event(at, Event.Kind.CONFIRMED_ABORT, null, 0, 0);
      }
      events.add(event);
    }
    if (outlivingInstallers) {
      events.add(
          new Event(
              0,
              Event.Kind.AGENT_DIES_MID_INSTALL,
              hosts.get(r.nextInt(servers)).name(),
              0,
              100 + r.nextInt(1400)));
    }
    events.sort(Comparator.comparingInt(Event::atMillis));
    if (outlivingInstallers) {
      for (Event event : events) {
        if (event.kind() == Event.Kind.AGENT_DIES_MID_INSTALL) {
          hosts.replaceAll(
              h -> h.name().equals(event.host()) ? new Host(h.name(), h.role(), 3000) : h);
        }
      }
    }

    List<Answer> answers = new ArrayList<>();
    int answerCount = r.nextInt(5);
    for (int i = 0; i < answerCount; i++) {
      int a = r.nextInt(100);
      answers.add(
          a < 50
              ? Answer.RETRY
              : a < 65 ? Answer.RETRY_BY_SIGNAL : a < 88 ? Answer.SKIP : Answer.ABORT);
    }
    return new FaultSchedule(
        seed,
        site,
        List.copyOf(hosts),
        List.copyOf(approvals),
        List.copyOf(rejections),
        maxAttempts,
        orphan,
        List.copyOf(setup),
        List.copyOf(events),
        List.copyOf(answers),
        r.nextInt(60),
        r.nextInt(100) < 60 ? r.nextInt(100) : 300 + r.nextInt(2200));
  }

  List<String> names(Role role) {
    return hosts.stream().filter(h -> h.role() == role).map(Host::name).toList();
  }

  /** How many installs the lab fails on the host after its installer started (I4's allowance). */
  int failuresAfterInstallerStart(String host) {
    return setup.stream()
        .filter(f -> f.kind() == Fault.Kind.FAIL_INSTALLS_IN_UPDATE_MODE && f.host().equals(host))
        .mapToInt(Fault::times)
        .sum();
  }

  boolean killsTheOrchestrator() {
    return events.stream().anyMatch(e -> e.kind() == Event.Kind.ORCHESTRATOR_RESTARTS);
  }

  boolean hasNetworkListLag() {
    return events.stream().anyMatch(e -> e.kind() == Event.Kind.NETWORK_LIST_LAG);
  }

  @Override
  public String toString() {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("seed", seed + " (rerun alone with -Dums.seed=" + seed + ")");
    lines.put(
        "network",
        hosts.stream()
            .map(h -> h.name() + " " + h.role() + " " + h.installMillis() + " ms")
            .collect(Collectors.joining(", ")));
    lines.put(
        "policy",
        "gates waiting: "
            + (approvals.isEmpty() ? "none" : String.join(", ", approvals))
            + (rejections.isEmpty()
                ? ""
                : "; the operator rejects " + String.join(", ", rejections))
            + "; attempts: "
            + maxAttempts
            + (orphan ? "; an orphaned Network list entry (P2)" : ""));
    lines.put("before the start", setup.isEmpty() ? "no fault" : setup.toString());
    lines.put("events", events.isEmpty() ? "none" : events.toString());
    lines.put(
        "operator",
        "gates approved after "
            + gateDelayMillis
            + " ms; holds answered after "
            + holdDelayMillis
            + " ms: "
            + (answers.isEmpty() ? "" : answers + ", then ")
            + "fix and retry "
            + RETRIES_AFTER_ANSWERS
            + " times, then abort with confirmation");
    return lines.entrySet().stream()
        .map(e -> "  " + e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("\n", "fault schedule\n", ""));
  }
}
