using System.Security.Authentication;
using MicroshareForwarder.Cli;
using MicroshareForwarder.Sandbox.Microshare;
using MicroshareForwarder.Sandbox.Tls;
using MicroshareForwarder.Tests.Pipeline;

namespace MicroshareForwarder.Tests.Microshare;

public sealed class MicroshareTlsTests
{
    [Fact]
    public async Task Https_CaFileTrusted_Completes()
    {
        using var certificates = SandboxCertificates.Create();
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 5, TlsCertificate = certificates.ServerCertificate });
        var caFile = Path.Combine(rig.StateDirectory, "ca.pem");
        certificates.WriteCertificateAuthorityPem(caFile);
        rig.Settings["MICROSHARE_CA_FILE"] = caFile;

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Equal(5, rig.Received.Count);
    }

    [Fact]
    public async Task Https_UntrustedCertificate_RefusedWithCaFileHint()
    {
        using var certificates = SandboxCertificates.Create();
        await using var rig = await ForwarderRig.StartAsync(new MicroshareSimulatorOptions { RecordCount = 5, TlsCertificate = certificates.ServerCertificate });

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Contains("certificate", error, StringComparison.Ordinal);
        Assert.Contains("not trusted", error, StringComparison.Ordinal);
        Assert.Contains("MICROSHARE_CA_FILE", error, StringComparison.Ordinal);
        Assert.Equal(0, rig.Simulator.TokenRequests);
    }

    [Fact]
    public async Task Https_Tls11OnlyServer_RefusedWithVersionHint()
    {
        using var certificates = SandboxCertificates.Create();
#pragma warning disable SYSLIB0039 // TLS 1.1 is the obsolete version this test must offer.
        var options = new MicroshareSimulatorOptions { RecordCount = 5, TlsCertificate = certificates.ServerCertificate, TlsProtocols = SslProtocols.Tls11 };
#pragma warning restore SYSLIB0039
        await using var rig = await ForwarderRig.StartAsync(options);
        var caFile = Path.Combine(rig.StateDirectory, "ca.pem");
        certificates.WriteCertificateAuthorityPem(caFile);
        rig.Settings["MICROSHARE_CA_FILE"] = caFile;

        var (exitCode, _, error) = await rig.RunAsync();

        Assert.Equal(ExitCodes.Configuration, exitCode);
        Assert.Contains("TLS handshake", error, StringComparison.Ordinal);
        Assert.Contains("TLS 1.2 or newer", error, StringComparison.Ordinal);
        Assert.Equal(0, rig.Simulator.TokenRequests);
    }
}
