package org.umsrollout.activities.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.UmsVersion;

/**
 * The lab at one moment (see {@link Lab#observe}).
 *
 * @param serversOnLocalCopy the servers working on a local copy of the database
 * @param servingServers the servers that serve devices (S1)
 * @param oldServersServingOnNewerSchema see {@link Lab#oldServersServingOnNewerSchema}
 * @param takenOut the servers taken out of the HA network
 * @param installing the hosts an installer runs on
 * @param installsRun per host, how often an installer ran to a successful end
 * @param installerStarts per host, how often an installer started
 */
public record LabObservation(
    long atMillis,
    String productiveSchema,
    List<String> serversOnLocalCopy,
    List<String> servingServers,
    List<String> oldServersServingOnNewerSchema,
    List<String> takenOut,
    List<String> installing,
    Map<String, Integer> installsRun,
    Map<String, Integer> installerStarts,
    int momentsWithoutServingServer) {

  /** Reads the lab's rows; the caller holds the lab's lock. */
  static LabObservation of(LabState state, LabDb db) {
    List<LabHost> hosts = state.allHosts();
    String schema = state.productiveSchema();
    Map<String, Integer> runs = new LinkedHashMap<>();
    Map<String, Integer> starts = new LinkedHashMap<>();
    hosts.forEach(
        h -> {
          runs.put(h.name, h.installsRun);
          starts.put(h.name, h.installerStarts);
        });
    return new LabObservation(
        System.currentTimeMillis(),
        schema,
        hosts.stream().filter(h -> h.datasource == Datasource.LOCAL_COPY).map(h -> h.name).toList(),
        hosts.stream().filter(LabHost::serving).map(h -> h.name).toList(),
        oldServingOnNewer(hosts, schema),
        hosts.stream().filter(h -> h.takenOut).map(h -> h.name).toList(),
        hosts.stream().filter(LabHost::installing).map(h -> h.name).toList(),
        runs,
        starts,
        (int) db.longValue("SELECT moments_without_serving FROM lab_settings"));
  }

  static List<String> oldServingOnNewer(List<LabHost> hosts, String schema) {
    return hosts.stream()
        .filter(LabHost::serving)
        .filter(h -> h.datasource == Datasource.PRODUCTIVE)
        .filter(h -> UmsVersion.parse(h.version).schemaVersion().compareTo(schema) < 0)
        .map(h -> h.name)
        .toList();
  }
}
