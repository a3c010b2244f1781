using K2VV.Proxy.Shadow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace K2VV.Proxy.Tests.Shadow;

public sealed class ShadowOptionsValidatorTests
{
    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_RateOutOfRange_FailsNamingTheFlag(double rate)
    {
        var result = Validate(new ShadowOptions { SampleRate = rate }, new ShadowApiKey("key"));

        Assert.True(result.Failed);
        Assert.Contains("--shadow-rate", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("between 0 and 1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RateWithoutKey_FailsNamingTheVariable()
    {
        var result = Validate(new ShadowOptions { SampleRate = 0.1 }, new ShadowApiKey(null));

        Assert.True(result.Failed);
        Assert.Contains(ShadowOptions.ApiKeyEnvironmentVariable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RateZeroWithoutKey_Succeeds()
    {
        var result = Validate(new ShadowOptions(), new ShadowApiKey("  "));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_KeyInConfiguration_Fails()
    {
        var result = new ShadowOptionsValidator(new ShadowApiKey("key"), apiKeyInConfiguration: true)
            .Validate(null, new ShadowOptions { SampleRate = 0.1 });

        Assert.True(result.Failed);
        Assert.Contains("K2VV:Shadow:ApiKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.test/v1")]
    [InlineData("/v1")]
    public void Validate_UpstreamNotHttp_Fails(string url)
    {
        var result = Validate(new ShadowOptions { SampleRate = 1, UpstreamBaseUrl = new Uri(url, UriKind.RelativeOrAbsolute) }, new ShadowApiKey("key"));

        Assert.True(result.Failed);
        Assert.Contains("--shadow-upstream", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveLimits_ListsEachSetting()
    {
        var options = new ShadowOptions
        {
            SampleRate = 1,
            MaxConcurrency = 0,
            QueueCapacity = 0,
            MaxRequestsPerMinute = -1,
            RequestTimeout = TimeSpan.Zero,
            PairingTimeout = TimeSpan.FromSeconds(-1),
        };

        var result = Validate(options, new ShadowApiKey("key"));

        Assert.Equal(5, result.Failures!.Count());
        Assert.Contains("MaxConcurrency", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("QueueCapacity", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("MaxRequestsPerMinute", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PairingTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_AreOffAndValid()
    {
        var options = new ShadowOptions();

        Assert.False(options.Enabled);
        Assert.Equal(new Uri("https://api.moonshot.ai/v1"), options.UpstreamBaseUrl);
        Assert.True(Validate(options, new ShadowApiKey(null)).Succeeded);
    }

    [Fact]
    public void AddK2vvShadow_BadRate_ThrowsOnResolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["K2VV:Shadow:SampleRate"] = "2",
            ["K2VV:Shadow:ModelMap:vendor-model"] = "official-model",
            ["K2VV:Shadow:RequestTimeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(new ShadowApiKey("key"));
        services.AddK2vvShadow(configuration);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ShadowOptions>>().Value);

        Assert.Contains("between 0 and 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddK2vvShadow_BindsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["K2VV:Shadow:UpstreamBaseUrl"] = "http://127.0.0.1:9/v1",
            ["K2VV:Shadow:SampleRate"] = "0.25",
            ["K2VV:Shadow:ModelMap:vendor-model"] = "official-model",
            ["K2VV:Shadow:MaxConcurrency"] = "3",
            ["K2VV:Shadow:QueueCapacity"] = "7",
            ["K2VV:Shadow:RequestTimeout"] = "00:00:30",
            ["K2VV:Shadow:MaxRequestsPerMinute"] = "60",
            ["K2VV:Shadow:PairingTimeout"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(new ShadowApiKey("key"));
        services.AddK2vvShadow(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ShadowOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:9/v1"), options.UpstreamBaseUrl);
        Assert.Equal(0.25, options.SampleRate);
        Assert.Equal("official-model", options.ModelMap["vendor-model"]);
        Assert.Equal(3, options.MaxConcurrency);
        Assert.Equal(7, options.QueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(60, options.MaxRequestsPerMinute);
        Assert.Equal(TimeSpan.FromMinutes(2), options.PairingTimeout);
    }

    [Fact]
    public void AddK2vvShadow_ModelMapEntries_WinOverMapAndAllowColons()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["K2VV:Shadow:ModelMap:vendor-model"] = "from-map",
            ["K2VV:Shadow:ModelMapEntries:0"] = "vendor-model=from-entries",
            ["K2VV:Shadow:ModelMapEntries:1"] = "kimi-k2:0905=kimi-k2-0905-preview",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(new ShadowApiKey("key"));
        services.AddK2vvShadow(configuration);
        using var provider = services.BuildServiceProvider();

        var map = provider.GetRequiredService<IOptions<ShadowOptions>>().Value.ModelMap;

        Assert.Equal("from-entries", map["vendor-model"]);
        Assert.Equal("kimi-k2-0905-preview", map["kimi-k2:0905"]);
    }

    [Fact]
    public void Validate_MalformedModelMapEntry_FailsWithValue()
    {
        var result = Validate(new ShadowOptions { ModelMapEntries = ["just-a-name"] }, new ShadowApiKey(null));

        Assert.True(result.Failed);
        Assert.Contains("'just-a-name'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddK2vvShadow_ApiKeyInConfiguration_ThrowsOnResolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["K2VV:Shadow:ApiKey"] = "sk-in-a-file",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(new ShadowApiKey("key"));
        services.AddK2vvShadow(configuration);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ShadowOptions>>().Value);

        Assert.Contains(ShadowOptions.ApiKeyEnvironmentVariable, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-in-a-file", exception.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(ShadowOptions options, ShadowApiKey key) =>
        new ShadowOptionsValidator(key, apiKeyInConfiguration: false).Validate(null, options);
}
