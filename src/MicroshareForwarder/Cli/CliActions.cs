namespace MicroshareForwarder.Cli;

/// <summary>Helpers for command actions.</summary>
internal static class CliActions
{
    /// <summary>Runs <paramref name="action"/> with a token that the action's own token and the process's stop signals both cancel.</summary>
    public static async Task<int> RunLinkedAsync(CliContext context, CancellationToken actionToken, Func<CancellationToken, Task<int>> action)
    {
        using var linked = context.LinkStopping(actionToken);
        return await action(linked.Token).ConfigureAwait(false);
    }
}
