using System.Text.Json;
using Xunit;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>Evaluates expressions against a Prometheus until each returns data or a deadline passes.</summary>
internal static class ExpressionProbe
{
    /// <summary>
    /// Returns one line for each expression that, at the deadline, failed to evaluate or returned
    /// no sample with a finite value. The list is empty when every expression returned data.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindExpressionsWithoutDataAsync(
        PrometheusServer prometheus, IReadOnlyList<MonitoringExpression> expressions, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var failures = new List<string>();
        while (true)
        {
            failures.Clear();
            foreach (var expression in expressions)
            {
                var problem = await EvaluateAsync(prometheus, expression.Expression);
                if (problem is not null)
                {
                    failures.Add($"{expression.Source}: {problem}\n    {expression.Expression}");
                }
            }

            if (failures.Count == 0 || timeout.IsCancellationRequested)
            {
                return failures;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Evaluate once more after the deadline so the failures describe the final state.
            }
        }
    }

    /// <summary>Returns a single instant-query result as parsed JSON, for tests that check values.</summary>
    public static async Task<JsonElement> QueryResultAsync(PrometheusServer prometheus, string expression, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var response = await prometheus.QueryAsync(expression, cancellation.Token);
        Assert.Equal("success", response.GetProperty("status").GetString());
        return response.GetProperty("data").GetProperty("result");
    }

    private static async Task<string?> EvaluateAsync(PrometheusServer prometheus, string expression)
    {
        JsonElement response;
        try
        {
            // Each query gets its own bound, so a query sent just before the deadline still runs.
            using var queryTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            response = await prometheus.QueryAsync(expression, queryTimeout.Token);
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException or JsonException)
        {
            return $"query failed: {error.Message}";
        }

        if (response.GetProperty("status").GetString() != "success")
        {
            return $"{response.GetProperty("errorType").GetString()}: {response.GetProperty("error").GetString()}";
        }

        var result = response.GetProperty("data").GetProperty("result");
        if (result.ValueKind != JsonValueKind.Array || result.GetArrayLength() == 0)
        {
            return "no data";
        }

        var numeric = result.EnumerateArray().Any(sample => sample.GetProperty("value")[1].GetString() is not ("NaN" or "+Inf" or "-Inf"));
        return numeric ? null : "only NaN or infinite values";
    }
}
