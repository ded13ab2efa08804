namespace MicroshareForwarder.Sandbox.Microshare;

/// <summary>SplitMix64 mixing, so generated values depend only on their inputs and the seed.</summary>
internal static class DeterministicHash
{
    /// <summary>Mixes the seed and two inputs into one well-spread 64-bit value.</summary>
    public static ulong Mix(int seed, long first, long second)
    {
        ulong value = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);

        value = Step(value ^ unchecked((ulong)first));

        return Step(value ^ unchecked((ulong)second));
    }

    private static ulong Step(ulong value)
    {
        value = unchecked(value + 0x9E3779B97F4A7C15UL);
        value = unchecked((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL);
        value = unchecked((value ^ (value >> 27)) * 0x94D049BB133111EBUL);

        return value ^ (value >> 31);
    }
}
