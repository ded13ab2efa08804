using System.Globalization;

namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>Checks every simulator setting at once and reports all problems in one exception.</summary>
internal static class MicroshareSimulatorOptionsValidator
{
    public static void Validate(MicroshareSimulatorOptions options)
    {
        var errors = new List<string>();

        void Require(bool condition, string message)
        {
            if (!condition)
            {
                errors.Add(message);
            }
        }

        Require(options.RecordCount >= 0, Invalid(nameof(options.RecordCount), options.RecordCount, "must be 0 or more"));
        Require(!string.IsNullOrWhiteSpace(options.RecType), Invalid(nameof(options.RecType), options.RecType, "must not be empty"));
        Require(!string.IsNullOrEmpty(options.Username), $"{nameof(options.Username)} must not be empty.");
        Require(!string.IsNullOrEmpty(options.Password), $"{nameof(options.Password)} must not be empty.");
        Require(!string.IsNullOrEmpty(options.ApiKey), $"{nameof(options.ApiKey)} must not be empty.");
        Require(options.TokenLifetime > TimeSpan.Zero, Invalid(nameof(options.TokenLifetime), options.TokenLifetime, "must be positive"));
        Require(options.RecordInterval > TimeSpan.Zero, Invalid(nameof(options.RecordInterval), options.RecordInterval, "must be positive"));
        Require(options.LegacyRecordFraction is >= 0 and <= 1, Invalid(nameof(options.LegacyRecordFraction), options.LegacyRecordFraction, "must be between 0 and 1"));
        Require(options.TwelveHourTstampFraction is >= 0 and <= 1, Invalid(nameof(options.TwelveHourTstampFraction), options.TwelveHourTstampFraction, "must be between 0 and 1"));
        Require(options.HiddenRecordCount >= 0, Invalid(nameof(options.HiddenRecordCount), options.HiddenRecordCount, "must be 0 or more"));
        Require(options.ShortPages.All(page => page > 0), $"{nameof(options.ShortPages)} must hold only page numbers of 1 or more.");
        Require(options.EmptyPages.All(page => page > 0), $"{nameof(options.EmptyPages)} must hold only page numbers of 1 or more.");
        Require(options.ViewRecordLimit > 0, Invalid(nameof(options.ViewRecordLimit), options.ViewRecordLimit, "must be 1 or more"));
        Require(options.Locations.Count > 0, $"{nameof(options.Locations)} must hold at least one location.");
        Require(options.Locations.Count <= 0xFFFF, Invalid(nameof(options.Locations) + ".Count", options.Locations.Count, "must be 65535 or less"));
        Require(
            options.Locations.All(tags => tags.Count > 0 && tags.All(tag => !string.IsNullOrEmpty(tag))),
            $"{nameof(options.Locations)} must give each location at least one tag, and no empty tag.");
        Require(
            options.TlsCertificate is null || options.TlsCertificate.HasPrivateKey,
            $"{nameof(options.TlsCertificate)} must carry its private key.");

        if (errors.Count > 0)
        {
            throw new ArgumentException(
                $"Invalid Microshare simulator options: {string.Join(" ", errors)}",
                nameof(options));
        }
    }

    private static string Invalid(string name, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} is {value ?? "null"} but {rule}.");
}
