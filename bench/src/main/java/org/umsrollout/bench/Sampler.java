package org.umsrollout.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Samples heap, RSS and the process's CPU load in the background while a part runs. */
final class Sampler implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;
  private double maxHeapMiB;
  private double maxRssMiB;
  private double cpuSum;
  private double machineSum;
  private int cpuSamples;

  Sampler() {
    thread = new Thread(this::loop, "bench-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    while (running) {
      synchronized (this) {
        maxHeapMiB = Math.max(maxHeapMiB, Bench.heapMiB());
        maxRssMiB = Math.max(maxRssMiB, Bench.rssMiB());
        double cpu = os.getProcessCpuLoad();
        double machine = os.getCpuLoad();
        if (cpu >= 0 && machine >= 0) {
          cpuSum += cpu;
          machineSum += machine;
          cpuSamples++;
        }
      }
      try {
        Thread.sleep(Duration.ofMillis(250).toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  synchronized double maxHeapMiB() {
    return maxHeapMiB;
  }

  synchronized double maxRssMiB() {
    return maxRssMiB;
  }

  /** The mean share of all cores this process used, 0 to 1. */
  synchronized double meanCpu() {
    return cpuSamples == 0 ? 0 : cpuSum / cpuSamples;
  }

  /** The mean share of all cores the whole machine used, this process and others, 0 to 1. */
  synchronized double meanMachineCpu() {
    return cpuSamples == 0 ? 0 : machineSum / cpuSamples;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
