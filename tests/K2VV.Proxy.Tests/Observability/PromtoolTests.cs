using System.Text.RegularExpressions;
using Xunit;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>Runs promtool on the shipped Prometheus configuration, rule files and rule unit tests.</summary>
public sealed class PromtoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CheckRules_ShippedRuleFiles_Pass()
    {
        var promtool = ExternalTool.Require("promtool");

        var (exitCode, output) = await ExternalTool.RunAsync(
            promtool, ["check", "rules", .. ObservabilityFiles.RuleFiles], ObservabilityFiles.PrometheusDirectory, Timeout);

        Assert.True(exitCode == 0, $"promtool check rules failed with exit code {exitCode}:\n{output}");
    }

    [Fact]
    public async Task CheckConfig_ExamplePrometheusConfig_Passes()
    {
        var promtool = ExternalTool.Require("promtool");

        var (exitCode, output) = await ExternalTool.RunAsync(
            promtool, ["check", "config", "prometheus.yml"], ObservabilityFiles.PrometheusDirectory, Timeout);

        Assert.True(exitCode == 0, $"promtool check config failed with exit code {exitCode}:\n{output}");
    }

    [Fact]
    public async Task TestRules_UnitTests_Pass()
    {
        var promtool = ExternalTool.Require("promtool");
        var testFiles = Directory.GetFiles(ObservabilityFiles.RuleTestsDirectory, "*.test.yaml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(testFiles);

        var (exitCode, output) = await ExternalTool.RunAsync(
            promtool, ["test", "rules", .. testFiles], ObservabilityFiles.PrometheusDirectory, Timeout);

        Assert.True(exitCode == 0, $"promtool test rules failed with exit code {exitCode}:\n{output}");
    }

    [Fact]
    public void TestRules_EveryAlert_HasAUnitTest()
    {
        var alerts = Regex.Matches(File.ReadAllText(ObservabilityFiles.AlertRules), @"^\s*-\s*alert:\s*(\S+)", RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value)
            .ToArray();
        var tested = Directory.GetFiles(ObservabilityFiles.RuleTestsDirectory, "*.test.yaml")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"alertname:\s*(\S+)").Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(alerts);
        Assert.All(alerts, alert => Assert.True(tested.Contains(alert), $"Alert {alert} has no alert_rule_test in {ObservabilityFiles.RuleTestsDirectory}."));
    }
}
