using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MicroshareForwarder.Security;

/// <summary>
/// The few libc calls that .NET has no API for: the effective user id, a file's owner and
/// its POSIX ACL. <c>statx</c> is used instead of <c>fstat</c> because its buffer has one
/// layout on every architecture, while <c>struct stat</c> differs between x64 and arm64.
/// Needs glibc 2.28 or newer.
/// </summary>
internal static partial class Libc
{
    /// <summary><c>AT_EMPTY_PATH</c>: with an empty path, <c>statx</c> describes the descriptor itself.</summary>
    public const int AtEmptyPath = 0x1000;

    /// <summary><c>STATX_MODE | STATX_UID</c>.</summary>
    public const uint StatxModeAndOwner = 0x0002 | 0x0008;

    public const int ENODATA = 61;

    public const int EOPNOTSUPP = 95;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(SafeFileHandle directoryHandle, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "fgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetExtendedAttribute(SafeFileHandle handle, string name, [Out] byte[]? value, nuint size);

    /// <summary>
    /// The start of the kernel's <c>struct statx</c> (linux/stat.h), which is 256 bytes and
    /// the same on every architecture. Only the fields up to <c>stx_mode</c> are named.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(0)]
        public uint Mask;

        [FieldOffset(20)]
        public uint OwnerId;

        [FieldOffset(24)]
        public uint GroupId;

        [FieldOffset(28)]
        public ushort Mode;
    }
}
