using System.Runtime.Versioning;

// The forwarder runs on Linux, and the tests check Unix file modes, signals and systemd units.
[assembly: SupportedOSPlatform("linux")]
