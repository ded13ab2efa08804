using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroshareForwarder.Pipeline;
using MicroshareForwarder.Sandbox.Composition;
using MicroshareForwarder.Sandbox.EventHubs;
using MicroshareForwarder.Tests.Support;
using Xunit.Abstractions;

namespace MicroshareForwarder.Tests.Reliability;

/// <summary>
/// Runs the built forwarder as a child process against the sandbox, kills it with SIGKILL
/// again and again, restarts it until a run exits 0, and compares what the Event Hubs
/// endpoint received with what the simulator served.
/// </summary>
/// <remarks>
/// Scale it with environment variables: <c>FORWARDER_CRASH_KILLS</c> (default 50),
/// <c>FORWARDER_CRASH_RECORDS</c> (default 20,000) and <c>FORWARDER_CRASH_SEED</c>.
/// Half of the kill points are exact (the process pauses at a phase through
/// <see cref="PhasePause"/>), the rest are timed: after a random delay or the moment the
/// endpoint has stored a random number of further events.
/// </remarks>
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    private const int PageSize = 200;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private enum KillPoint
    {
        PageFetched,
        OutboxCommitted,
        Acknowledged,
        DeliveredMarked,
        EndpointReceived,
        RandomDelay,
        StateFileWriting,
    }

    [Fact]
    public async Task CrashHarness_RepeatedKills_LoseNothingRepeatNothingDelivered()
    {
        var killTarget = ReadSetting("FORWARDER_CRASH_KILLS", 50);
        var recordCount = ReadSetting("FORWARDER_CRASH_RECORDS", 20_000);
        var seed = ReadSetting("FORWARDER_CRASH_SEED", 4242);
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();

        // A first clean run over a tenth of the records writes state.json, so every kill after it can check that the file stays valid.
        var initialCount = recordCount / 10;
        await using var sandbox = await SandboxEnvironment.StartAsync(new SandboxEnvironmentOptions { RecordCount = initialCount });
        using var directory = new TestDirectory();
        var envFile = SandboxEnvFile.Write(sandbox, directory, new Dictionary<string, string>
        {
            ["MICROSHARE_PAGE_SIZE"] = PageSize.ToString(CultureInfo.InvariantCulture),
            ["MICROSHARE_MAX_PAGES_PER_RUN"] = "100000",
            ["EVENTHUB_TRY_TIMEOUT"] = "10s",
            ["EVENTHUB_MAX_RETRIES"] = "3",
        });
        string[] runArguments = ["run", "--env-file", envFile, "--output", "json"];

        using (var seeding = ForwarderProcess.Start(runArguments))
        {
            Assert.Equal(0, await seeding.WaitForExitAsync(RunTimeout));
        }

        sandbox.Simulator.InsertRecords(recordCount - initialCount);

        var kills = Enum.GetValues<KillPoint>().ToDictionary(point => point, _ => 0);
        var unexpectedExits = new List<string>();
        var runs = 0;
        var cleanExitsBeforeTarget = 0;
        var insertedRecords = 0;
        var stateFileChecks = 0;

        while (kills.Values.Sum() < killTarget)
        {
            var point = (KillPoint)random.Next(Enum.GetValues<KillPoint>().Length);
            var remaining = recordCount + insertedRecords - sandbox.EventHubs.GetDistinctIdCount(sandbox.HubName);
            if (point == KillPoint.StateFileWriting && remaining > 4 * PageSize && kills.Values.Sum() < killTarget * 4 / 5)
            {
                // This kill point lets the run deliver everything first, so it waits for the last fifth of the kills or until little is left.
                point = KillPoint.DeliveredMarked;
            }

            if (remaining < 2 * PageSize)
            {
                // Keep new records ahead of the forwarder, so that every kill point has work to interrupt.
                sandbox.Simulator.InsertRecords(2 * PageSize);
                insertedRecords += 2 * PageSize;
                remaining += 2 * PageSize;
            }

            var frontierPage = ((recordCount + insertedRecords - remaining) / PageSize) + 1;
            var freshPages = Math.Max(1, remaining / PageSize);
            var environment = new Dictionary<string, string>();
            var pauseAt = point switch
            {
                KillPoint.PageFetched => $"{PhasePause.PageFetched}@{random.Next(1, frontierPage + 3)}",
                KillPoint.OutboxCommitted => $"{PhasePause.OutboxCommitted}@{random.Next(1, Math.Min(3, freshPages) + 1)}",
                KillPoint.Acknowledged => $"{PhasePause.Acknowledged}@{random.Next(1, Math.Min(3, freshPages) + 1)}",
                KillPoint.DeliveredMarked => $"{PhasePause.DeliveredMarked}@{random.Next(1, Math.Min(3, freshPages) + 1)}",
                KillPoint.StateFileWriting => $"{PhasePause.StateFileWriting}@1",
                _ => null,
            };
            if (pauseAt is not null)
            {
                environment[PhasePause.EnvironmentVariable] = pauseAt;
            }

            var receivedTarget = sandbox.EventHubs.GetReceivedCount(sandbox.HubName) + random.Next(1, 2 * PageSize);
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 1500));

            using var process = ForwarderProcess.Start(runArguments, environment);
            runs++;
            using var exited = new CancellationTokenSource();
            var exitTask = process.WaitForExitAsync(RunTimeout);
            var trigger = point switch
            {
                KillPoint.EndpointReceived => sandbox.EventHubs.WaitForCountAsync(sandbox.HubName, receivedTarget, RunTimeout, exited.Token),
                KillPoint.RandomDelay => Task.Delay(delay, exited.Token),
                _ => process.Paused,
            };

            var first = await Task.WhenAny(trigger, exitTask);
            if (first == trigger && trigger.IsCompletedSuccessfully)
            {
                if (point == KillPoint.StateFileWriting)
                {
                    // Let the write start, then kill somewhere in it: before, during or after the rename.
                    process.Resume();
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 15)));
                }

                process.Kill();
                await exitTask;
                kills[point]++;
            }
            else
            {
                var exitCode = await exitTask;
                await exited.CancelAsync();
                if (exitCode == 0)
                {
                    cleanExitsBeforeTarget++;
                }
                else
                {
                    unexpectedExits.Add($"exit {exitCode} with {point}: {process.Stderr}");
                    Assert.True(unexpectedExits.Count < 3, "Runs keep failing without a kill:\n" + string.Join("\n---\n", unexpectedExits));
                }
            }

            AssertStateFileValid(directory.StateDirectory, ref stateFileChecks);
        }

        var finalExit = -1;
        var finalRuns = 0;
        while (finalExit != 0 && finalRuns < 5)
        {
            using var process = ForwarderProcess.Start(runArguments);
            finalExit = await process.WaitForExitAsync(RunTimeout);
            finalRuns++;
            runs++;
            Assert.True(finalExit == 0, $"The final run exited {finalExit}: {process.Stderr}");
            AssertStateFileValid(directory.StateDirectory, ref stateFileChecks);
        }

        var outcome = CompareDeliveries(sandbox, directory.StateDirectory);
        output.WriteLine(
            $"seed {seed}: {recordCount + insertedRecords} records ({insertedRecords} inserted after the first {recordCount}), {kills.Values.Sum()} kills ({string.Join(", ", kills.Select(pair => $"{pair.Key} {pair.Value}"))}), "
            + $"{runs} runs ({cleanExitsBeforeTarget} finished before their kill point), {stateFileChecks} state.json checks, {stopwatch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(outcome.Describe());

        Assert.Empty(unexpectedExits);
        Assert.Equal(0, outcome.Lost);
        Assert.Equal(0, outcome.RepeatedAfterDelivered);
        Assert.Equal(0, outcome.NotRecordedAsDelivered);
        Assert.Equal(0, outcome.Unexpected);
        Assert.Equal(0L, StoreInspector.Count(directory.StateDirectory, "outbox"));
        Assert.True(kills.Values.Sum() >= killTarget);
    }

    /// <summary>
    /// Classifies every received copy of every served record.
    /// <list type="bullet">
    /// <item>Lost: a served record the endpoint never received.</item>
    /// <item>
    /// Repeated after delivered: a copy that the endpoint received after the store had recorded
    /// the id as delivered. The store keeps the time of the first delivered-marking
    /// (<c>INSERT OR IGNORE</c>), and the forwarder marks a batch only after the endpoint
    /// acknowledged it, so the copy that led to the marking always arrives before that time.
    /// Any copy that arrives at least 1 ms later (the store keeps whole milliseconds) was sent
    /// by a forwarder that should have known better.
    /// </item>
    /// <item>
    /// Resent: a further copy that arrived before the delivered-marking. These are the sends
    /// whose outcome the forwarder could not know: killed after sending and before marking,
    /// or an SDK retry after a timed-out attempt that had in fact arrived. At-least-once
    /// delivery allows them.
    /// </item>
    /// </list>
    /// Both processes read the same system clock, so the endpoint's receive times and the
    /// store's delivered times compare directly.
    /// </summary>
    private static DeliveryOutcome CompareDeliveries(SandboxEnvironment sandbox, string stateDirectory)
    {
        var served = sandbox.Simulator.Records;
        var received = sandbox.EventHubs.GetReceived(sandbox.HubName);
        var delivered = StoreInspector.ReadDelivered(stateDirectory);
        var copies = received
            .GroupBy(item => item.MessageId ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.OrderBy(item => item.ReceivedAt).ToList(), StringComparer.Ordinal);
        var servedIds = served.Select(record => record.Id).ToHashSet(StringComparer.Ordinal);

        var lost = 0;
        var resent = 0;
        var repeatedAfterDelivered = 0;
        var notRecorded = 0;
        var bodyMismatches = 0;
        foreach (var record in served)
        {
            if (!copies.TryGetValue(record.Id, out var arrivals))
            {
                lost++;
                continue;
            }

            bodyMismatches += arrivals.Count(arrival => !arrival.Body.AsSpan().SequenceEqual(record.Json));
            if (!delivered.TryGetValue(record.Id, out var deliveredAtMs))
            {
                notRecorded++;
                continue;
            }

            foreach (var extra in arrivals.Skip(1))
            {
                if (extra.ReceivedAt.ToUnixTimeMilliseconds() > deliveredAtMs)
                {
                    repeatedAfterDelivered++;
                }
                else
                {
                    resent++;
                }
            }
        }

        var unexpected = copies.Keys.Count(id => !servedIds.Contains(id)) + bodyMismatches;
        return new DeliveryOutcome(served.Count, received.Count, lost, resent, repeatedAfterDelivered, notRecorded, unexpected);
    }

    private static void AssertStateFileValid(string stateDirectory, ref int checks)
    {
        var path = Path.Combine(stateDirectory, "state.json");
        if (!File.Exists(path))
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.True(document.RootElement.TryGetProperty("lastRun", out _), "state.json has no lastRun object.");
        checks++;
    }

    private static int ReadSetting(string name, int fallback)
    {
        return int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private sealed record DeliveryOutcome(int Served, int Received, int Lost, int Resent, int RepeatedAfterDelivered, int NotRecordedAsDelivered, int Unexpected)
    {
        public string Describe() =>
            $"served {Served}, received {Received}: lost {Lost}, delivered twice after being recorded as delivered {RepeatedAfterDelivered}, "
            + $"resends of unknown-outcome sends {Resent}, received but not recorded as delivered {NotRecordedAsDelivered}, unexpected or altered {Unexpected}";
    }
}
