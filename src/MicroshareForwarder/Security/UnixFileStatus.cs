namespace MicroshareForwarder.Security;

/// <summary>The owner and permission bits of an open file, read with <c>statx</c>.</summary>
internal readonly record struct UnixFileStatus(uint OwnerId, UnixFileMode Mode);
