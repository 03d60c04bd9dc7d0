# Runs the UMS installer for the host agent on Windows (installWrapper of local-host-windows.yaml):
#   run-installer.ps1 <exit file> <installer> <argument>...
# Waits for the installer, then writes its exit code to <exit file> through a temporary file and
# a rename, so that the agent never reads half of it. The installer is a GUI program: the call
# operator would not wait for it, Start-Process -Wait does.
param(
  [Parameter(Mandatory = $true, Position = 0)][string]$ExitFile,
  [Parameter(Mandatory = $true, Position = 1)][string]$Installer,
  [Parameter(ValueFromRemainingArguments = $true)][string[]]$Arguments
)
$ErrorActionPreference = 'Stop'
# Windows PowerShell joins ArgumentList with spaces as it is: quote each argument with spaces.
$quoted = @($Arguments | Where-Object { $_ -ne $null } | ForEach-Object {
  if ($_ -match '\s') { '"' + $_ + '"' } else { $_ }
})
try {
  if ($quoted.Count -gt 0) {
    $process = Start-Process -FilePath $Installer -ArgumentList $quoted -Wait -PassThru
  } else {
    $process = Start-Process -FilePath $Installer -Wait -PassThru
  }
  $code = $process.ExitCode
} catch {
  [Console]::Error.WriteLine("cannot run ${Installer}: $($_.Exception.Message)")
  $code = 9009
}
Set-Content -LiteralPath "$ExitFile.tmp" -Value $code -Encoding Ascii
Move-Item -LiteralPath "$ExitFile.tmp" -Destination $ExitFile -Force
exit $code
