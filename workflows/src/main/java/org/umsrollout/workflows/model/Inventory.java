package org.umsrollout.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * One UMS HA network: its servers, standalone load balancers, consoles and database.
 *
 * @param stage {@code test} for a test installation, {@code production} for one that may only get
 *     versions tried on its test installation first (T1); left out: not declared
 * @param testSite the site of the test installation where versions are tried first (T1)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Inventory(
    @JsonProperty(required = true) String site,
    @JsonProperty(required = true) DatabaseSpec database,
    @JsonProperty(required = true) List<ServerSpec> servers,
    List<ComponentSpec> loadBalancers,
    List<ComponentSpec> consoles,
    String stage,
    String testSite) {

  public static final String TEST = "test";
  public static final String PRODUCTION = "production";

  public Inventory(
      String site,
      DatabaseSpec database,
      List<ServerSpec> servers,
      List<ComponentSpec> loadBalancers,
      List<ComponentSpec> consoles) {
    this(site, database, servers, loadBalancers, consoles, null, null);
  }

  public Inventory {
    servers = servers == null ? List.of() : List.copyOf(servers);
    loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
    consoles = consoles == null ? List.of() : List.copyOf(consoles);
  }

  /** Every host with its role, servers first, in inventory order. */
  @JsonIgnore
  public List<HostRef> hosts() {
    List<HostRef> all = new ArrayList<>();
    servers.forEach(s -> all.add(new HostRef(s.host(), s.role())));
    loadBalancers.forEach(l -> all.add(new HostRef(l.host(), HostRole.LOAD_BALANCER)));
    consoles.forEach(c -> all.add(new HostRef(c.host(), HostRole.CONSOLE)));
    return all;
  }

  @JsonIgnore
  public List<String> serverHosts() {
    return servers.stream().map(ServerSpec::host).toList();
  }
}
