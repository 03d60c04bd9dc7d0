-- The lab's tables (H2). Lab drops every object in the database before it runs this script.

-- The productive database as UMS sees it.
CREATE TABLE ums_schema (schema_version VARCHAR(16) NOT NULL);

CREATE TABLE epr_processes (
  epr_process_id VARCHAR(64) PRIMARY KEY,
  epr_process_host VARCHAR(255) NOT NULL,
  epr_process_type VARCHAR(64) NOT NULL,
  epr_process_mode VARCHAR(32),
  epr_service_status VARCHAR(32),
  epr_process_version VARCHAR(32),
  epr_timestamp TIMESTAMP
);

CREATE TABLE ums_config (
  config_key VARCHAR(255) PRIMARY KEY,
  config_value VARCHAR(4000)
);

-- The lab's own state. Its one row of lab_settings is the lock every process takes.
CREATE TABLE lab_settings (
  id INT PRIMARY KEY,
  site VARCHAR(255) NOT NULL,
  ad_native BOOLEAN NOT NULL,
  install_duration_ms BIGINT NOT NULL,
  moments_without_serving INT NOT NULL,
  next_process_id INT NOT NULL,
  -- How long a change of a host shows late in epr_processes (0: at once).
  network_list_lag_ms BIGINT DEFAULT 0 NOT NULL,
  -- A schema renewal that does not complete: it waits in pending_schema until the fault ends.
  schema_renewal_stuck BOOLEAN DEFAULT FALSE NOT NULL,
  pending_schema VARCHAR(16)
);

CREATE TABLE lab_host (
  host VARCHAR(255) PRIMARY KEY,
  ord INT NOT NULL,
  role VARCHAR(32) NOT NULL,
  version VARCHAR(32),
  mode VARCHAR(16),
  datasource VARCHAR(16),
  clock_offset_ms BIGINT DEFAULT 0 NOT NULL,
  reconnects BOOLEAN DEFAULT TRUE NOT NULL,
  root_writable BOOLEAN DEFAULT TRUE NOT NULL,
  fail_permanently BOOLEAN DEFAULT FALSE NOT NULL,
  failures_left INT DEFAULT 0 NOT NULL,
  -- Installs that switch the server to update mode on its local copy, then fail.
  update_mode_failures_left INT DEFAULT 0 NOT NULL,
  update_mode_fail_permanently BOOLEAN DEFAULT FALSE NOT NULL,
  stop_failures_left INT DEFAULT 0 NOT NULL,
  installs_run INT DEFAULT 0 NOT NULL,
  installer_starts INT DEFAULT 0 NOT NULL,
  installs_failed INT DEFAULT 0 NOT NULL,
  service_logon_lost BOOLEAN DEFAULT FALSE NOT NULL,
  service_reconfigurations INT DEFAULT 0 NOT NULL,
  taken_out BOOLEAN DEFAULT FALSE NOT NULL,
  mode_unreadable BOOLEAN DEFAULT FALSE NOT NULL,
  status_failures_left INT DEFAULT 0 NOT NULL,
  install_started_at BIGINT,
  install_version VARCHAR(32),
  install_duration_ms BIGINT,
  -- The running installer fails at its end; with it, whether that failure is permanent.
  install_fails BOOLEAN DEFAULT FALSE NOT NULL,
  install_fails_permanently BOOLEAN DEFAULT FALSE NOT NULL,
  own_install_duration_ms BIGINT,
  last_report VARCHAR(255),
  last_servers_updated INT,
  last_servers_total INT,
  last_schema_renewed BOOLEAN,
  last_failure VARCHAR(1000),
  last_failure_permanent BOOLEAN
);

CREATE TABLE lab_installer (
  host VARCHAR(255),
  path VARCHAR(1000),
  sha256 VARCHAR(64),
  PRIMARY KEY (host, path)
);

CREATE TABLE lab_local_copy (
  host VARCHAR(255),
  config_key VARCHAR(255),
  config_value VARCHAR(4000),
  PRIMARY KEY (host, config_key)
);

-- Changes to epr_processes that the Network list shows only once due (networkListLag).
CREATE TABLE lab_network_pending (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  host VARCHAR(255) NOT NULL,
  version VARCHAR(32),
  mode VARCHAR(32),
  status VARCHAR(32),
  due_at BIGINT NOT NULL
);

CREATE TABLE lab_event (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  at_millis BIGINT NOT NULL,
  line VARCHAR(1000) NOT NULL
);
