using MicroshareForwarder.Configuration;

namespace MicroshareForwarder.Tests.Configuration;

public sealed class DotEnvFileTests
{
    [Fact]
    public void Parse_CommentsQuotesAndExport_ReadsEveryForm()
    {
        var text = """
            # a comment
            PLAIN=value
            export EXPORTED=yes
            SPACED = padded  
            DOUBLE="with \"escapes\" and # hash"
            SINGLE='literal \n $HOME'
            TRAILING=value # comment
            EMPTY=

            """;
        var errors = new List<string>();

        var values = DotEnvFile.Parse(text, ".env", errors);

        Assert.Empty(errors);
        Assert.Equal("value", values["PLAIN"]);
        Assert.Equal("yes", values["EXPORTED"]);
        Assert.Equal("padded", values["SPACED"]);
        Assert.Equal("with \"escapes\" and # hash", values["DOUBLE"]);
        Assert.Equal("literal \\n $HOME", values["SINGLE"]);
        Assert.Equal("value", values["TRAILING"]);
        Assert.Equal(string.Empty, values["EMPTY"]);
    }

    [Fact]
    public void Parse_SyntaxErrors_ReportsLineNumbersWithoutValues()
    {
        var errors = new List<string>();

        DotEnvFile.Parse("GOOD=1\nno separator here\n1BAD=x\nOPEN=\"secret-value", ".env", errors);

        Assert.Equal(3, errors.Count);
        Assert.Contains("line 2", errors[0]);
        Assert.Contains("line 3", errors[1]);
        Assert.Contains("line 4", errors[2]);
        Assert.DoesNotContain(errors, error => error.Contains("secret-value", StringComparison.Ordinal));
    }
}
