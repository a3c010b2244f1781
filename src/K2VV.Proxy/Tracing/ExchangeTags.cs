using System.Diagnostics;
using K2VV.Verification.Verdicts;

namespace K2VV.Proxy.Tracing;

/// <summary>Sets the verification attributes on a request's server activity.</summary>
/// <remarks>
/// <c>gen_ai.*</c> names follow the OpenTelemetry semantic conventions for generative AI
/// (gen_ai.system, gen_ai.request.model, gen_ai.response.finish_reasons); <c>k2vv.*</c> are ours.
/// </remarks>
internal static class ExchangeTags
{
    /// <summary>The name of the activity source the proxy registers with OpenTelemetry.</summary>
    public const string ActivitySourceName = "K2VV.Proxy";

    /// <summary>Tags the request side: vendor, model, stream flag and rewrites.</summary>
    public static void SetRequest(Activity? activity, string vendor, string? model, bool stream, int rewrites)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("gen_ai.system", "openai");
        activity.SetTag("gen_ai.operation.name", "chat");
        activity.SetTag("gen_ai.request.model", model);
        activity.SetTag("k2vv.vendor", vendor);
        activity.SetTag("k2vv.stream", stream);
        activity.SetTag("k2vv.tool_call_id_rewrites", rewrites);
    }

    /// <summary>Tags the verdict: finish reasons, K2VV verdict and strict findings.</summary>
    public static void SetVerdict(Activity? activity, ResponseVerdict verdict)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("gen_ai.response.finish_reasons", verdict.FinishReason is null ? Array.Empty<string>() : new[] { verdict.FinishReason });
        activity.SetTag("k2vv.verdict", VerdictLabel(verdict));
        activity.SetTag("k2vv.findings", verdict.Findings.ToArray());
        activity.SetTag("k2vv.tool_calls", verdict.ToolCallCount);
    }

    /// <summary>Tags an exchange that produced no verdict.</summary>
    public static void SetUnverified(Activity? activity, string reason)
    {
        activity?.SetTag("k2vv.verdict", "unverified");
        activity?.SetTag("k2vv.unverified_reason", reason);
    }

    /// <summary>Returns <c>valid</c>, <c>invalid</c> (a tool_calls finish that failed) or <c>none</c> (no tool-call verdict).</summary>
    public static string VerdictLabel(ResponseVerdict verdict) => verdict switch
    {
        { IsSchemaValid: true } => "valid",
        { IsToolCallResponse: true } => "invalid",
        _ => "none",
    };
}
