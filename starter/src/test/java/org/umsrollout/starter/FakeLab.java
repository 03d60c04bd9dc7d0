package org.umsrollout.starter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.InstallResult;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.ports.ServiceState;

/**
 * A tiny stand-in for an HA network, shared by the fake activities: every host starts on 12.04.120;
 * an installed server works in update mode on a local copy until the last server renews the schema,
 * and then every server is back in normal mode on the productive database.
 */
final class FakeLab {
  static final String START_VERSION = "12.04.120";

  private final Map<String, HostRole> roles = new LinkedHashMap<>();
  private final Map<String, String> versions = new LinkedHashMap<>();
  private final Map<String, Boolean> onLocalCopy = new LinkedHashMap<>();
  private final String installerSha256;
  private String schema = "12.04";

  FakeLab(Inventory inventory, String installerSha256) {
    this.installerSha256 = installerSha256;
    for (HostRef ref : inventory.hosts()) {
      roles.put(ref.host(), ref.role());
      versions.put(ref.host(), START_VERSION);
      onLocalCopy.put(ref.host(), false);
    }
  }

  List<String> hosts() {
    return List.copyOf(roles.keySet());
  }

  String installerSha256() {
    return installerSha256;
  }

  synchronized String schema() {
    return schema;
  }

  synchronized HostStatus status(String host) {
    HostRole role = roles.get(host);
    boolean local = onLocalCopy.get(host);
    List<ServiceState> services = new ArrayList<>();
    if (role.isServer()) {
      services.add(new ServiceState("ums-server", true));
    }
    if (role.hasLoadBalancer()) {
      services.add(new ServiceState("ums-loadbalancer", true));
    }
    if (role == HostRole.CONSOLE) {
      services.add(new ServiceState("ums-console", true));
    }
    return new HostStatus(
        host,
        role,
        versions.get(host),
        role.isServer() ? (local ? ServerMode.UPDATE : ServerMode.NORMAL) : null,
        role.isServer() ? (local ? Datasource.LOCAL_COPY : Datasource.PRODUCTIVE) : null,
        services);
  }

  synchronized InstallResult install(String host, String target) {
    String before = versions.get(host);
    if (target.equals(before)) {
      return new InstallResult(
          host, before, true, "already installed", null, null, false, status(host));
    }
    versions.put(host, target);
    HostRole role = roles.get(host);
    if (!role.isServer()) {
      return new InstallResult(
          host, before, false, role + " updated to " + target, null, null, false, status(host));
    }
    List<String> servers = roles.keySet().stream().filter(h -> roles.get(h).isServer()).toList();
    long updated = servers.stream().filter(h -> target.equals(versions.get(h))).count();
    boolean last = updated == servers.size();
    if (last) {
      schema = target.substring(0, target.lastIndexOf('.'));
      servers.forEach(h -> onLocalCopy.put(h, false));
    } else {
      onLocalCopy.put(host, true);
    }
    return new InstallResult(
        host,
        before,
        false,
        updated + " of " + servers.size() + " servers updated",
        (int) updated,
        servers.size(),
        last,
        status(host));
  }

  synchronized HostStatus endUpdateMode(String host) {
    onLocalCopy.put(host, false);
    return status(host);
  }

  synchronized List<NetworkEntry> networkList() {
    List<NetworkEntry> entries = new ArrayList<>();
    int id = 1;
    for (String host : roles.keySet()) {
      HostRole role = roles.get(host);
      if (role.isServer()) {
        entries.add(
            new NetworkEntry(
                String.valueOf(id++),
                host,
                NetworkEntry.SERVER,
                onLocalCopy.get(host) ? "UPDATE" : "NORMAL",
                "SERVICE_RUNNING",
                versions.get(host)));
      }
      if (role.hasLoadBalancer()) {
        entries.add(
            new NetworkEntry(
                String.valueOf(id++),
                host,
                NetworkEntry.LOAD_BALANCER,
                "NORMAL",
                "SERVICE_RUNNING",
                versions.get(host)));
      }
    }
    return entries;
  }
}
