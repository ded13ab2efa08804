using System.Text.Json;

namespace MicroshareForwarder.Configuration;

/// <summary>
/// Reads the JSON feeds file named by <c>FORWARDER_FEEDS_FILE</c>:
/// <c>{"feeds": [{"name": "...", "kind": "share|dashboard|view", ...}]}</c>. Property names
/// are those of <see cref="FeedOptions"/> in camel case; durations are strings such as
/// <c>"15m"</c>. Settings a feed leaves out come from the <c>.env</c> defaults.
/// </summary>
internal sealed class FeedsFileReader
{
    private readonly List<string> _errors;
    private string _context = string.Empty;

    private FeedsFileReader(List<string> errors)
    {
        _errors = errors;
    }

    /// <summary>Reads the feeds in <paramref name="path"/>; every problem goes to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<FeedOptions> Read(string path, FeedOptions defaults, List<string> errors)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{SettingNames.FeedsFile} '{path}' cannot be read: {exception.Message}");
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("feeds", out var list)
                || list.ValueKind != JsonValueKind.Array
                || list.GetArrayLength() == 0)
            {
                errors.Add($"{SettingNames.FeedsFile} '{path}' must hold an object with a non-empty \"feeds\" array.");
                return [];
            }

            var reader = new FeedsFileReader(errors);
            var feeds = new List<FeedOptions>();
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                reader._context = $"{SettingNames.FeedsFile} feeds[{index++}]";
                if (reader.ReadFeed(element, defaults) is { } feed)
                {
                    feeds.Add(feed);
                }
            }

            return feeds;
        }
        catch (JsonException exception)
        {
            errors.Add($"{SettingNames.FeedsFile} '{path}' is not valid JSON: {exception.Message}");
            return [];
        }
    }

    private FeedOptions? ReadFeed(JsonElement element, FeedOptions defaults)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            _errors.Add($"{_context} must be an object.");
            return null;
        }

        var name = String(element, "name");
        if (name is null || !FeedValidator.IsValidName(name))
        {
            _errors.Add($"{_context}: name is missing or invalid; use letters, digits, '-', '_' and '.'.");
            name ??= string.Empty;
        }

        _context = $"{SettingNames.FeedsFile} feed '{name}'";
        var kind = Choice(element, "kind", FeedKind.Share, ("share", FeedKind.Share), ("dashboard", FeedKind.Dashboard), ("view", FeedKind.View));
        var dashboardKind = Choice(element, "dashboardKind", DashboardKind.Snapshot, ("snapshot", DashboardKind.Snapshot), ("peoplecounter", DashboardKind.PeopleCounter));

        var recType = kind == FeedKind.Dashboard ? FeedOptions.DashboardRecType(dashboardKind) : String(element, "recType");
        if (string.IsNullOrEmpty(recType))
        {
            _errors.Add($"{_context}: recType is missing.");
        }

        var viewId = String(element, "viewId");
        if (kind != FeedKind.Share && viewId is null)
        {
            _errors.Add($"{_context}: viewId is missing; a {kind.ToString().ToLowerInvariant()} feed needs the id of the View to run.");
        }

        var dataContext = DataContext(element);
        if (kind == FeedKind.Dashboard && dashboardKind == DashboardKind.Snapshot && dataContext is null)
        {
            _errors.Add($"{_context}: dataContext is missing; set it to the dashboard's dataContext, for example [\"CTX\",\"occupancytesting\",\"room\"].");
        }

        return new FeedOptions
        {
            Name = name,
            Kind = kind,
            RecType = recType ?? string.Empty,
            Overlap = Duration(element, "overlap", defaults.Overlap),
            MaxFutureSkew = Duration(element, "maxFutureSkew", defaults.MaxFutureSkew),
            MaxRecordAge = Duration(element, "maxRecordAge", defaults.MaxRecordAge),
            ViewId = viewId,
            Parameters = Map(element, "parameters"),
            DashboardKind = dashboardKind,
            DataContext = dataContext ?? "[\"people\"]",
            Fields = StringList(element, "fields") is { Count: > 0 } fields ? fields : FeedOptions.DefaultFields(dashboardKind),
            Category = String(element, "category") ?? "space",
            Metric = String(element, "metric") ?? "occupancy",
            OwnerOrg = String(element, "ownerOrg") ?? "\"[a-zA-Z]\"",
            Locations = StringList(element, "locations"),
            DeviceCluster = DeviceCluster(element),
            LocationIdentity = String(element, "locationIdentity"),
            LocationPrefixMap = Map(element, "locationPrefixMap"),
            SettleDelay = Duration(element, "settleDelay", defaults.SettleDelay),
            Window = Duration(element, "window", defaults.Window),
            InitialLookback = Duration(element, "initialLookback", defaults.InitialLookback),
        };
    }

    private string? String(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add($"{_context}: {property} must be a string.");
            return null;
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    private string? DataContext(JsonElement element)
    {
        if (!element.TryGetProperty("dataContext", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // An array in the file is sent as its compact JSON text; a string is sent as written.
        return value.ValueKind == JsonValueKind.Array ? JsonSerializer.Serialize(value) : String(element, "dataContext");
    }

    private IReadOnlyList<string> StringList(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            _errors.Add($"{_context}: {property} must be an array of strings.");
            return [];
        }

        return value.EnumerateArray().Select(item => item.GetString()!).ToList();
    }

    private IReadOnlyDictionary<string, string> Map(JsonElement element, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(item => item.Value.ValueKind != JsonValueKind.String))
        {
            _errors.Add($"{_context}: {property} must be an object whose values are strings.");
            return map;
        }

        foreach (var item in value.EnumerateObject())
        {
            map[item.Name] = item.Value.GetString()!;
        }

        return map;
    }

    private TimeSpan Duration(JsonElement element, string property, TimeSpan defaultValue)
    {
        var text = String(element, property);
        if (text is null)
        {
            return defaultValue;
        }

        if (!DurationParser.TryParse(text, out var value))
        {
            _errors.Add($"{_context}: {property} must be a duration such as 90s, 15m, 2h or 1d; got '{text}'.");
            return defaultValue;
        }

        return value;
    }

    private TEnum Choice<TEnum>(JsonElement element, string property, TEnum defaultValue, params (string Name, TEnum Value)[] choices)
        where TEnum : struct, Enum
    {
        var text = String(element, property);
        if (text is null)
        {
            return defaultValue;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        _errors.Add($"{_context}: {property} must be one of {string.Join(", ", choices.Select(choice => choice.Name))}; got '{text}'.");
        return defaultValue;
    }

    private DeviceClusterOptions? DeviceCluster(JsonElement element)
    {
        if (!element.TryGetProperty("deviceCluster", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var recType = value.ValueKind == JsonValueKind.Object ? String(value, "recType") : null;
        var clusterId = value.ValueKind == JsonValueKind.Object ? String(value, "clusterId") : null;
        if (recType is null || clusterId is null)
        {
            _errors.Add($"{_context}: deviceCluster must be an object with recType and clusterId.");
            return null;
        }

        return new DeviceClusterOptions { RecType = recType, ClusterId = clusterId };
    }
}
