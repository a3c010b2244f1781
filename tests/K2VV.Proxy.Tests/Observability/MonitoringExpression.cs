namespace K2VV.Proxy.Tests.Observability;

/// <summary>A PromQL expression and where it comes from (a dashboard panel, variable or rule).</summary>
internal sealed record MonitoringExpression(string Source, string Expression);
