using System.Buffers.Binary;

namespace MicroshareForwarder.Security;

/// <summary>
/// A POSIX access ACL as the kernel stores it in the <c>system.posix_acl_access</c>
/// extended attribute: a 4-byte version (2), then 8-byte entries of tag (u16), permissions
/// (u16) and id (u32), little-endian.
/// </summary>
internal sealed class PosixAccessAcl
{
    public const string AttributeName = "system.posix_acl_access";

    private const int Version = 2;
    private const ushort NamedUser = 0x02;
    private const ushort NamedGroup = 0x08;
    private const ushort OwningGroup = 0x04;
    private const ushort Other = 0x20;

    private readonly List<(ushort Tag, ushort Permissions, uint Id)> _entries;

    private PosixAccessAcl(List<(ushort Tag, ushort Permissions, uint Id)> entries)
    {
        _entries = entries;
    }

    /// <summary>Parses the attribute's bytes; returns null when they are not a version 2 ACL.</summary>
    public static PosixAccessAcl? Parse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || (value.Length - 4) % 8 != 0 || BinaryPrimitives.ReadUInt32LittleEndian(value) != Version)
        {
            return null;
        }

        var entries = new List<(ushort, ushort, uint)>();
        for (var offset = 4; offset < value.Length; offset += 8)
        {
            entries.Add((
                BinaryPrimitives.ReadUInt16LittleEndian(value[offset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(value[(offset + 2)..]),
                BinaryPrimitives.ReadUInt32LittleEndian(value[(offset + 4)..])));
        }

        return new PosixAccessAcl(entries);
    }

    /// <summary>
    /// Returns whether no account other than the owner and <paramref name="userId"/> gets any
    /// access: the owning group, other users and named groups have no permissions, and every
    /// named user entry with permissions is <paramref name="userId"/>. systemd's
    /// <c>LoadCredential=</c> gives the service user read access this way, which <c>stat</c>
    /// shows as group bits because they hold the ACL mask.
    /// </summary>
    public bool GrantsAccessOnlyTo(uint userId)
    {
        foreach (var (tag, permissions, id) in _entries)
        {
            var isAllowed = tag switch
            {
                NamedUser => permissions == 0 || id == userId,
                OwningGroup or NamedGroup or Other => permissions == 0,
                _ => true,
            };

            if (!isAllowed)
            {
                return false;
            }
        }

        return true;
    }
}
