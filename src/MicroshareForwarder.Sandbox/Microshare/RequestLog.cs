namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Counts and paths of the requests the simulator received, <c>/_sandbox/</c> excluded.</summary>
internal sealed class RequestLog
{
    private readonly Lock _lock = new();

    private readonly List<string> _paths = [];

    private int _tokenRequests;

    private int _pageRequests;

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int PageRequests => Volatile.Read(ref _pageRequests);

    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_lock)
            {
                return [.. _paths];
            }
        }
    }

    /// <summary>Records one request by its path only, because query strings can carry passwords.</summary>
    public void Add(string method, string path, bool isView)
    {
        lock (_lock)
        {
            _paths.Add(path);
        }

        if (HttpMethods.IsPost(method) && path.Equals("/oauth2/token", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _tokenRequests);
        }
        else if (HttpMethods.IsGet(method) && !isView && path.StartsWith("/share/", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _pageRequests);
        }
    }
}
