using K2VV.Proxy.Commands;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--verification", "maybe")]
    [InlineData("--tool-id-rewrite", "sometimes")]
    [InlineData("--metrics-port", "not-a-number")]
    public void Parse_InvalidOptionValue_ReportsError(string option, string value)
    {
        var result = ServeCommand.Create().Parse([option, value]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task Invoke_InvalidUpstream_ExitsWithTwo()
    {
        var result = ServeCommand.Create().Parse(["--upstream", "ftp://example.invalid/v1", "--urls", "http://127.0.0.1:0"]);

        var exitCode = await result.InvokeAsync().WaitAsync(TestProxy.Timeout);

        Assert.Empty(result.Errors);
        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Invoke_MissingConfigFile_ExitsWithTwo()
    {
        var result = ServeCommand.Create().Parse(["--config", "/nonexistent/k2vv-settings.json", "--urls", "http://127.0.0.1:0"]);

        var exitCode = await result.InvokeAsync().WaitAsync(TestProxy.Timeout);

        Assert.Equal(2, exitCode);
    }
}
