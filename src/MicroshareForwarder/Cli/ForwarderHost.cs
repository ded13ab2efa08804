using MicroshareForwarder.Configuration;
using MicroshareForwarder.Microshare;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using MicroshareForwarder.Diagnostics;

namespace MicroshareForwarder.Cli;

/// <summary>
/// Builds the .NET Generic Host that carries logging, the HTTP client factory and the
/// clock. Logs go to stderr, so stdout holds only the command's own output. Under
/// systemd the log lines carry journal priority prefixes.
/// </summary>
internal static class ForwarderHost
{
    public static IHost Build(ForwarderOptions options, LogLevel minimumLevel, LogFormat logFormat, TextWriter logWriter)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);

        // The HTTP client factory logs every request URL at Information; the forwarder logs its own page counts instead.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Http", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        // Registered through a factory so the host disposes the provider, which writes the counts of repeated warnings.
        var format = logFormat == LogFormat.Text && SystemdHelpers.IsSystemdService() ? LogFormat.Systemd : logFormat;
        builder.Services.AddSingleton<ILoggerProvider>(_ => new TextWriterLoggerProvider(logWriter, format));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMicroshare(options);
        return builder.Build();
    }
}
