using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>
/// Settings of the loopback Microshare API simulator. The simulator validates them all at once
/// when it starts.
/// </summary>
public sealed class MicroshareSimulatorOptions
{
    /// <summary>Number of records generated at start. Default 5000.</summary>
    public int RecordCount { get; set; } = 5000;

    /// <summary>Record type served by <c>GET /share/{recType}</c>. Default <c>io.microshare.occupancy.unpacked</c>.</summary>
    public string RecType { get; set; } = "io.microshare.occupancy.unpacked";

    /// <summary>User name accepted by <c>/oauth2/token</c> and <c>/login</c>. Default <c>sandbox-user</c>.</summary>
    public string Username { get; set; } = "sandbox-user";

    /// <summary>Password accepted by <c>/oauth2/token</c> and <c>/login</c>. Default <c>sandbox-password</c>.</summary>
    public string Password { get; set; } = "sandbox-password";

    /// <summary>App key expected as <c>client_id</c> by <c>/oauth2/token</c>. Default <c>sandbox-api-key</c>.</summary>
    public string ApiKey { get; set; } = "sandbox-api-key";

    /// <summary>Lifetime of issued tokens. Default 48 hours, the lifetime Microshare documents.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// Server certificate. Null (the default) serves plain HTTP; otherwise the simulator serves HTTPS
    /// only, with this certificate, which must carry its private key.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; set; }

    /// <summary>TLS versions allowed when <see cref="TlsCertificate"/> is set. Null (the default) leaves the choice to the OS.</summary>
    public SslProtocols? TlsProtocols { get; set; }

    /// <summary>Clock for record timestamps, token expiry, dashboard hours and <see cref="FaultKind.Delay"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Seed of the record and dashboard value generator; equal seeds and clocks give equal records. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Time between two consecutive generated records. The newest one is stamped at the clock's current time. Default 1 minute.</summary>
    public TimeSpan RecordInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Fraction of records, from 0 to 1, written in legacy MongoDB extended JSON
    /// (<c>{"$oid"}</c>, <c>{"$date"}</c>, <c>{"$numberLong"}</c>). Default 0.
    /// </summary>
    public double LegacyRecordFraction { get; set; }

    /// <summary>
    /// Fraction of records, from 0 to 1, whose <c>tstamp</c> is a 12-hour
    /// <c>MM/dd/yyyy hh:mm:ss:fff tt</c> string in UTC. Default 0.
    /// </summary>
    public double TwelveHourTstampFraction { get; set; }

    /// <summary>Records of other users that count in <c>meta.totalCount</c> but are never served. Default 0.</summary>
    public int HiddenRecordCount { get; set; }

    /// <summary>
    /// Page numbers (1-based) that come back with only half of <c>perPage</c> records while later pages
    /// still hold data. The missing slots belong to other users' records, so they also count in
    /// <c>meta.totalCount</c> and no visible record is lost.
    /// </summary>
    public ISet<int> ShortPages { get; set; } = new HashSet<int>();

    /// <summary>Page numbers (1-based) that come back empty while later pages still hold data, as for <see cref="ShortPages"/>.</summary>
    public ISet<int> EmptyPages { get; set; } = new HashSet<int>();

    /// <summary>Leaves <c>meta</c> out of share list responses. Default false.</summary>
    public bool OmitMeta { get; set; }

    /// <summary>Ids of the dashboard View run on <c>io.microshare.fm.master.agg</c>. Default one id, <c>sandbox-dashboard-view</c>.</summary>
    public ISet<string> DashboardViewIds { get; set; } = new HashSet<string>(StringComparer.Ordinal) { "sandbox-dashboard-view" };

    /// <summary>Ids of the generic Views that return records of <see cref="RecType"/> in a time range. Default one id, <c>sandbox-range-view</c>.</summary>
    public ISet<string> RangeViewIds { get; set; } = new HashSet<string>(StringComparer.Ordinal) { "sandbox-range-view" };

    /// <summary>Maximum number of underlying records a View runs over, newest first. Default 999, the limit Microshare documents.</summary>
    public int ViewRecordLimit { get; set; } = 999;

    /// <summary>Ids accepted by <c>GET /device/{recType}/{clusterId}</c>. Default one id, <c>sandbox-cluster</c>.</summary>
    public ISet<string> DeviceClusterIds { get; set; } = new HashSet<string>(StringComparer.Ordinal) { "sandbox-cluster" };

    /// <summary>Organisation that owns the records and the device cluster. Default <c>com.example.sandbox</c>.</summary>
    public string OwnerOrg { get; set; } = "com.example.sandbox";

    /// <summary>
    /// Location tags of the simulated devices, one list per device, building first. Records, dashboard
    /// series and the device cluster use them. Default four rooms in two buildings.
    /// </summary>
    public IList<IReadOnlyList<string>> Locations { get; set; } =
    [
        ["Building A", "1st Floor", "Room 1"],
        ["Building A", "1st Floor", "Room 2"],
        ["Building A", "2nd Floor", "Room 3"],
        ["Building B", "Ground Floor", "Lobby"],
    ];

    /// <summary>Source of the Event Hubs counts shown by <c>/_sandbox/stats</c>. Can also be set after start. Default none.</summary>
    public ISandboxStatsSource? StatsSource { get; set; }

    /// <summary>Logger factory for the simulator's own events. Default none. ASP.NET Core's request logs are always off, because they print query strings that carry passwords.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
