using System.Buffers.Binary;
using MicroshareForwarder.Security;

namespace MicroshareForwarder.Tests.Security;

public sealed class PosixAccessAclTests
{
    [Fact]
    public void Parse_WrongVersion_ReturnsNull()
    {
        var value = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(value, 1);

        Assert.Null(PosixAccessAcl.Parse(value));
    }

    [Fact]
    public void Parse_TruncatedEntry_ReturnsNull()
    {
        var value = new byte[10];
        BinaryPrimitives.WriteUInt32LittleEndian(value, 2);

        Assert.Null(PosixAccessAcl.Parse(value));
    }

    [Theory]
    [InlineData(0x02, 4, 1000u, true)]
    [InlineData(0x02, 4, 1001u, false)]
    [InlineData(0x02, 0, 1001u, true)]
    [InlineData(0x04, 4, uint.MaxValue, false)]
    [InlineData(0x08, 4, 50u, false)]
    [InlineData(0x20, 4, uint.MaxValue, false)]
    [InlineData(0x10, 4, uint.MaxValue, true)]
    public void GrantsAccessOnlyTo_OneEntry_ChecksTagAndId(int tag, int permissions, uint id, bool expected)
    {
        var value = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(value, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(4), (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(6), (ushort)permissions);
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(8), id);

        var acl = PosixAccessAcl.Parse(value);

        Assert.NotNull(acl);
        Assert.Equal(expected, acl.GrantsAccessOnlyTo(1000));
    }
}
