using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MicroshareForwarder.Tests.Security;

/// <summary>File ownership and ACL changes that .NET has no API for, done with libc as the tests run as root.</summary>
internal static partial class TestFileSystem
{
    public const uint NobodyUserId = 65534;

    public static bool IsRoot => GetEffectiveUserId() == 0;

    public static void ChangeOwner(string path, uint userId)
    {
        if (Chown(path, userId, uint.MaxValue) != 0)
        {
            throw new IOException($"chown {userId} {path} failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>
    /// Adds a POSIX ACL to <paramref name="path"/> that gives <paramref name="userId"/> read access
    /// the way systemd's <c>LoadCredential=</c> does: owner r, the user r, group none, mask r, other none.
    /// </summary>
    public static void GrantUserReadByAcl(string path, uint userId)
    {
        (ushort Tag, ushort Permissions, uint Id)[] entries =
        [
            (0x01, 4, uint.MaxValue),
            (0x02, 4, userId),
            (0x04, 0, uint.MaxValue),
            (0x10, 4, uint.MaxValue),
            (0x20, 0, uint.MaxValue),
        ];

        var value = new byte[4 + (entries.Length * 8)];
        BinaryPrimitives.WriteUInt32LittleEndian(value, 2);
        for (var index = 0; index < entries.Length; index++)
        {
            var offset = 4 + (index * 8);
            BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(offset), entries[index].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(offset + 2), entries[index].Permissions);
            BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(offset + 4), entries[index].Id);
        }

        if (SetExtendedAttribute(path, "system.posix_acl_access", value, (nuint)value.Length, 0) != 0)
        {
            throw new IOException($"Setting the ACL of {path} failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "setxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetExtendedAttribute(string path, string name, byte[] value, nuint size, int flags);
}
