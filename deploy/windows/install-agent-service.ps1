#Requires -RunAsAdministrator
<#
.SYNOPSIS
  Installs the ums-rollout host agent as a Windows service on a UMS host.

.DESCRIPTION
  The service host is Apache Commons Daemon's procrun (prunsrv.exe, 64-bit, from the
  commons-daemon-<version>-bin-windows zip) in jvm mode: prunsrv loads the JVM into its own
  service process and calls org.umsrollout.worker.WindowsService.start with the agent's arguments,
  and WindowsService.stop when the service stops. There is no java.exe child to kill and procrun
  terminates no process tree, so an installer the agent started runs on when the service stops or
  restarts; the restarted agent finds it again by its state directory (stateDir in the config).
  Do not put the agent under a wrapper that kills its child processes or puts them in a job.

  The service runs as LocalSystem: the UMS installer needs administrator rights (P6) and the agent
  runs nothing but the installers its config allows (installers.directory, .pattern,
  .allowedSha256). The connection to Temporal comes from a Temporal client configuration file
  (TOML, as the temporal CLI reads it): address, namespace, API key or TLS files. Make that file
  readable by SYSTEM and Administrators only. This script stores no secret in the service's
  parameters; with -PromptServicePassword it stores the S4 password (UMS_SERVICE_PASSWORD) there
  and closes the parameters' registry key to SYSTEM and Administrators. A group managed service
  account needs no password at all.

.EXAMPLE
  .\install-agent-service.ps1 -Prunsrv 'C:\Program Files\ums-rollout-agent\prunsrv.exe' `
    -Jar 'C:\Program Files\ums-rollout-agent\ums-rollout-worker.jar' `
    -Config 'C:\ProgramData\ums-rollout-agent\host.yaml' -HostName ums-node-1 `
    -TemporalConfigFile 'C:\ProgramData\ums-rollout-agent\temporal.toml'
#>
param(
  [Parameter(Mandatory = $true)][string]$Prunsrv,
  [Parameter(Mandatory = $true)][string]$Jar,
  [Parameter(Mandatory = $true)][string]$Config,
  [Parameter(Mandatory = $true)][string]$HostName,
  [Parameter(Mandatory = $true)][string]$TemporalConfigFile,
  [string]$TemporalProfile = 'default',
  # The JVM: 'auto' (the registry's) or the full path of a Java 17+ jvm.dll.
  [string]$Jvm = 'auto',
  [string]$ServiceName = 'UmsRolloutAgent',
  [string]$LogDir = 'C:\ProgramData\ums-rollout-agent\logs',
  [switch]$PromptServicePassword
)
$ErrorActionPreference = 'Stop'

foreach ($file in @($Prunsrv, $Jar, $Config, $TemporalConfigFile)) {
  if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { throw "not found: $file" }
}
foreach ($value in @($Jar, $Config, $HostName, $TemporalConfigFile, $TemporalProfile, $LogDir)) {
  # procrun separates list items with ; and #.
  if ($value -match '[;#]') { throw "procrun cannot take ; or # in a value: $value" }
}

# The agent's arguments, one per item: the same as on Linux (deploy/systemd).
$startParams = @('agent', '--backend', 'local', '--config', $Config, '--host', $HostName)
$environment = @("TEMPORAL_CONFIG_FILE=$TemporalConfigFile", "TEMPORAL_PROFILE=$TemporalProfile")
if ($PromptServicePassword) {
  $secure = Read-Host -AsSecureString 'S4: the UMS server service account password'
  $plain = [Runtime.InteropServices.Marshal]::PtrToStringAuto(
    [Runtime.InteropServices.Marshal]::SecureStringToBSTR($secure))
  if ($plain -match "[;#']") { throw "the password holds ; # or ', which procrun's list cannot carry" }
  $environment += "UMS_SERVICE_PASSWORD=$plain"
}

New-Item -ItemType Directory -Force -Path $LogDir | Out-Null
$arguments = @(
  "//IS//$ServiceName",
  '--DisplayName=ums-rollout host agent',
  '--Description=Runs the UMS update steps of ums-rollout on this host (Temporal activity worker).',
  "--Install=$Prunsrv",
  '--Startup=auto',
  '--ServiceUser=LocalSystem',
  "--Jvm=$Jvm",
  "--Classpath=$Jar",
  '--JvmOptions=-Xrs',
  '--JvmMx=512',
  '--StartMode=jvm',
  '--StartClass=org.umsrollout.worker.WindowsService',
  '--StartMethod=start',
  "--StartParams=$($startParams -join ';')",
  '--StopMode=jvm',
  '--StopClass=org.umsrollout.worker.WindowsService',
  '--StopMethod=stop',
  '--StopTimeout=60',
  "--LogPath=$LogDir",
  '--LogPrefix=ums-rollout-agent',
  '--StdOutput=auto',
  '--StdError=auto',
  "++Environment=$($environment -join ';')"
)
& $Prunsrv @arguments
if ($LASTEXITCODE -ne 0) { throw "prunsrv //IS// failed with exit code $LASTEXITCODE" }

# A failed start (exit code not 0) is restarted by the service manager: after 10 s, 30 s, 60 s.
& sc.exe failure $ServiceName reset= 86400 actions= restart/10000/restart/30000/restart/60000
if ($LASTEXITCODE -ne 0) { throw "sc.exe failure failed with exit code $LASTEXITCODE" }

# The service's parameters (start parameters, environment) to SYSTEM and Administrators only.
$key = "HKLM:\SOFTWARE\Apache Software Foundation\Procrun 2.0\$ServiceName"
$acl = Get-Acl -LiteralPath $key
$acl.SetAccessRuleProtection($true, $false)
foreach ($rule in @($acl.Access)) { [void]$acl.RemoveAccessRule($rule) }
foreach ($who in @('NT AUTHORITY\SYSTEM', 'BUILTIN\Administrators')) {
  $acl.AddAccessRule((New-Object System.Security.AccessControl.RegistryAccessRule(
        $who, 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')))
}
Set-Acl -LiteralPath $key -AclObject $acl

Write-Host "installed $ServiceName; start it with: Start-Service $ServiceName"
Write-Host "logs: $LogDir; remove with: & '$Prunsrv' //DS//$ServiceName"
