using System.Globalization;
using System.Text;

namespace K2VV.Proxy.Tests.Observability;

/// <summary>
/// A Prometheus text exposition of every K2VV Proxy metric, with counters that grow at fixed
/// rates per second. The rates are chosen so that every alert condition of alert-rules.yaml
/// holds: schema accuracy 50 %, tool_call_f1 33 %, 5 of 55 exchanges unverified (9 %), 45 % of
/// shadow requests dropped, each above the minimum sample counts within a few seconds.
/// </summary>
internal static class StaticExposition
{
    public const string Vendor = "vendor-a";

    private static readonly string[] Models = ["kimi-k2-thinking", "kimi-k2-0905-preview"];

    private static readonly double[] Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // Share of observations at or below each bucket bound; +Inf takes the rest.
    private static readonly double[] CumulativeShares = [0.05, 0.2, 0.5, 0.7, 0.85, 0.95, 0.98, 0.99];

    /// <summary>Renders the exposition after <paramref name="seconds"/> of simulated traffic.</summary>
    public static string Render(double seconds)
    {
        var text = new StringBuilder();

        Counter(text, "k2vv_chat_completions_total", seconds, Models.SelectMany(model => new[]
        {
            ($"model=\"{model}\",stream=\"true\",finish_reason=\"tool_calls\"", 20.0),
            ($"model=\"{model}\",stream=\"false\",finish_reason=\"stop\"", 5.0),
        }));
        Counter(text, "k2vv_tool_call_responses_total", seconds, Models.SelectMany(model => new[]
        {
            ($"model=\"{model}\",verdict=\"valid\"", 10.0),
            ($"model=\"{model}\",verdict=\"invalid\"", 10.0),
        }));
        Counter(text, "k2vv_tool_call_findings_total", seconds, Models.SelectMany(model => new[]
        {
            ($"model=\"{model}\",finding=\"invalid_json\"", 6.0),
            ($"model=\"{model}\",finding=\"schema_violation\"", 4.0),
        }));
        Counter(text, "k2vv_tool_calls_total", seconds, Models.Select(model => ($"model=\"{model}\"", 25.0)));
        Counter(text, "k2vv_trigger_comparisons_total", seconds, Models.SelectMany(model => new[]
        {
            ($"model=\"{model}\",outcome=\"tp\"", 2.0),
            ($"model=\"{model}\",outcome=\"fp\"", 4.0),
            ($"model=\"{model}\",outcome=\"fn\"", 4.0),
            ($"model=\"{model}\",outcome=\"tn\"", 10.0),
        }));
        Counter(text, "k2vv_shadow_requests_total", seconds,
        [
            ("outcome=\"completed\"", 10.0),
            ("outcome=\"dropped\"", 10.0),
            ("outcome=\"failed\"", 2.0),
        ]);
        Counter(text, "k2vv_unverified_responses_total", seconds,
        [
            ("reason=\"non_json_body\"", 3.0),
            ("reason=\"body_too_large\"", 2.0),
        ]);
        Counter(text, "k2vv_tool_call_id_rewrites_total", seconds, [("", 3.0)]);
        Counter(text, "k2vv_tokens_total", seconds, Models.SelectMany(model => new[]
        {
            ($"model=\"{model}\",kind=\"prompt\"", 1000.0),
            ($"model=\"{model}\",kind=\"completion\"", 200.0),
        }));
        Histogram(text, "k2vv_upstream_duration_seconds", seconds, Models.SelectMany(model => new[]
        {
            ($"model=\"{model}\",stream=\"true\"", 20.0),
            ($"model=\"{model}\",stream=\"false\"", 5.0),
        }));
        Histogram(text, "k2vv_time_to_first_byte_seconds", seconds, Models.Select(model => ($"model=\"{model}\"", 25.0)));

        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, double seconds, IEnumerable<(string Labels, double PerSecond)> series)
    {
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} counter\n");
        foreach (var (labels, perSecond) in series)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{{{WithVendor(labels)}}} {Count(perSecond, seconds)}\n");
        }
    }

    private static void Histogram(StringBuilder text, string name, double seconds, IEnumerable<(string Labels, double PerSecond)> series)
    {
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} histogram\n");
        foreach (var (labels, perSecond) in series)
        {
            var count = Count(perSecond, seconds);
            for (var i = 0; i < Buckets.Length; i++)
            {
                var bucket = Math.Floor(count * CumulativeShares[i]);
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{WithVendor(labels)},le=\"{Buckets[i]}\"}} {bucket}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{WithVendor(labels)},le=\"+Inf\"}} {count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{{{WithVendor(labels)}}} {count * 0.6}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{{{WithVendor(labels)}}} {count}\n");
        }
    }

    private static string WithVendor(string labels) =>
        labels.Length == 0 ? $"vendor=\"{Vendor}\"" : $"vendor=\"{Vendor}\",{labels}";

    private static double Count(double perSecond, double seconds) => Math.Floor(perSecond * seconds);
}
