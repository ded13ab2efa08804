using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MicroshareForwarder.Security;

/// <summary>Reads a file's owner, mode and access ACL from an open handle, so the checks and the read see the same file.</summary>
internal static class UnixFileInspector
{
    /// <summary>The effective user id of this process.</summary>
    public static uint CurrentUserId => Libc.GetEffectiveUserId();

    /// <summary>Returns the owner and permission bits of the open file.</summary>
    /// <exception cref="Win32Exception"><c>statx</c> failed.</exception>
    public static UnixFileStatus GetStatus(SafeFileHandle handle)
    {
        if (Libc.Statx(handle, string.Empty, Libc.AtEmptyPath, Libc.StatxModeAndOwner, out var buffer) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "statx failed on an open file.");
        }

        return new UnixFileStatus(buffer.OwnerId, (UnixFileMode)(buffer.Mode & 0xFFF));
    }

    /// <summary>Returns the file's access ACL, or null when it has none or the file system keeps none.</summary>
    /// <exception cref="Win32Exception">Reading the attribute failed for another reason.</exception>
    public static PosixAccessAcl? GetAccessAcl(SafeFileHandle handle)
    {
        var size = Libc.GetExtendedAttribute(handle, PosixAccessAcl.AttributeName, null, 0);
        if (size < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is Libc.ENODATA or Libc.EOPNOTSUPP)
            {
                return null;
            }

            throw new Win32Exception(error, $"Reading {PosixAccessAcl.AttributeName} failed.");
        }

        var value = new byte[size];
        var read = Libc.GetExtendedAttribute(handle, PosixAccessAcl.AttributeName, value, (nuint)value.Length);
        if (read < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Reading {PosixAccessAcl.AttributeName} failed.");
        }

        return PosixAccessAcl.Parse(value.AsSpan(0, (int)read));
    }
}
