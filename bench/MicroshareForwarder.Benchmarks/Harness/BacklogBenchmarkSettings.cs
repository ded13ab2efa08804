using System.Globalization;

namespace MicroshareForwarder.Benchmarks.Harness;

/// <summary>Command-line settings of the backlog benchmark.</summary>
internal sealed class BacklogBenchmarkSettings
{
    public const string Usage = """
        Usage: MicroshareForwarder.Benchmarks [--sizes 100000,1000000] [--runs 3] [--forwarder PATH] [--max-in-flight 4]
               MicroshareForwarder.Benchmarks --micro [BenchmarkDotNet arguments, e.g. --filter *]
          --sizes          backlog sizes in records, comma-separated (default 100000,1000000)
          --runs           measured runs per size; the report shows medians (default 3)
          --forwarder      path of microshare-forwarder.dll (default: the Release build of src/MicroshareForwarder)
          --max-in-flight  batches the raw SDK sender keeps in flight (default 4, the forwarder's own limit)
        """;

    public required IReadOnlyList<int> Sizes { get; init; }

    public required int Runs { get; init; }

    public required string ForwarderDll { get; init; }

    public required int MaxInFlight { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the invalid argument.</summary>
    public static BacklogBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        IReadOnlyList<int> sizes = [100_000, 1_000_000];
        var runs = 3;
        string? forwarderDll = null;
        var maxInFlight = 4;

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"The option {name} is missing its value.");
            switch (name)
            {
                case "--sizes":
                    sizes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(size => ParsePositive(name, size)).ToList();
                    break;
                case "--runs":
                    runs = ParsePositive(name, value);
                    break;
                case "--forwarder":
                    forwarderDll = Path.GetFullPath(value);
                    break;
                case "--max-in-flight":
                    maxInFlight = ParsePositive(name, value);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {name}.");
            }
        }

        forwarderDll ??= LocateForwarder();
        if (!File.Exists(forwarderDll))
        {
            throw new ArgumentException($"The forwarder is not built at {forwarderDll}: run `dotnet build src/MicroshareForwarder -c Release` first, or pass --forwarder.");
        }

        return new BacklogBenchmarkSettings { Sizes = sizes, Runs = runs, ForwarderDll = forwarderDll, MaxInFlight = maxInFlight };
    }

    private static int ParsePositive(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new ArgumentException($"The option {name} expects a positive whole number, not '{value}'.");
        }

        return number;
    }

    /// <summary>
    /// Finds the forwarder's own Release output. The copy in this project's output cannot run
    /// as a process: its runtime configuration does not name the ASP.NET Core shared framework
    /// that the sandbox reference brings in.
    /// </summary>
    private static string LocateForwarder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MicroshareForwarder.slnx")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "src", "MicroshareForwarder", "bin", "Release", "net10.0", "microshare-forwarder.dll");
    }
}
