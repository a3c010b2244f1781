using System.Text.Json;
using Xunit;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>Checks the structure of the dashboard JSON that Grafana provisions.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void Templating_Dashboard_HasDatasourceVendorAndModelVariables()
    {
        using var dashboard = LoadDashboard();

        var variables = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .ToDictionary(variable => variable.GetProperty("name").GetString()!, variable => variable.GetProperty("type").GetString());

        Assert.Equal("datasource", variables.GetValueOrDefault("datasource"));
        Assert.Equal("query", variables.GetValueOrDefault("vendor"));
        Assert.Equal("query", variables.GetValueOrDefault("model"));
    }

    [Fact]
    public void Targets_Dashboard_UseTheDatasourceVariable()
    {
        using var dashboard = LoadDashboard();

        var targets = DashboardExpressions.Panels(dashboard.RootElement)
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target => (Title: panel.GetProperty("title").GetString(), Target: target)))
            .ToArray();

        Assert.NotEmpty(targets);
        Assert.All(targets, entry => Assert.True(
            entry.Target.GetProperty("datasource").GetProperty("uid").GetString() == "${datasource}",
            $"Panel \"{entry.Title}\" target {entry.Target.GetProperty("refId").GetString()} does not use the datasource variable."));
    }

    [Fact]
    public void Targets_Dashboard_FilterByVendor()
    {
        var queries = DashboardExpressions.LoadPanelQueries("VENDOR", "MODEL");

        Assert.All(queries, query => Assert.True(
            query.Expression.Contains("vendor=~\"VENDOR\"", StringComparison.Ordinal),
            $"{query.Source} ignores the vendor variable: {query.Expression}"));
    }

    [Fact]
    public void Panels_Dashboard_HaveUniqueIds()
    {
        using var dashboard = LoadDashboard();

        var ids = DashboardExpressions.Panels(dashboard.RootElement).Select(panel => panel.GetProperty("id").GetInt32()).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    private static JsonDocument LoadDashboard() => JsonDocument.Parse(File.ReadAllText(ObservabilityFiles.Dashboard));
}
