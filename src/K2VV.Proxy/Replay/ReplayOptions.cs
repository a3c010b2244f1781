using System.Text.Json.Nodes;
using K2VV.Verification.Rewriting;

namespace K2VV.Proxy.Replay;

/// <summary>Settings of one <c>k2vv replay</c> run, with the defaults of <c>tool_calls_eval.py</c>.</summary>
internal sealed record ReplayOptions
{
    /// <summary>The JSON Lines file of requests.</summary>
    public required string InputPath { get; init; }

    /// <summary>The model name written into every request.</summary>
    public required string Model { get; init; }

    /// <summary>The endpoint base URL; requests go to <c>{BaseUrl}/chat/completions</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The bearer key, or null to send no <c>Authorization</c> header.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 5;

    /// <summary>The results file.</summary>
    public string OutputPath { get; init; } = "results.jsonl";

    /// <summary>The summary file.</summary>
    public string SummaryPath { get; init; } = "summary.json";

    /// <summary>Time one attempt may wait for headers, and then for each read of the body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Retries after the first attempt.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>Fields merged into every sent body, overriding fields of the same name.</summary>
    public JsonObject? ExtraBody { get; init; }

    /// <summary>Keep lines whose previous result, matched by hash, succeeded, and rerun the rest.</summary>
    public bool Incremental { get; init; }

    /// <summary>The <c>temperature</c> override.</summary>
    public double? Temperature { get; init; }

    /// <summary>The <c>max_tokens</c> override.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>How history tool-call ids are rewritten before sending; the reference sends them unchanged.</summary>
    public ToolIdRewriteMode ToolIdRewrite { get; init; } = ToolIdRewriteMode.Off;

    /// <summary>First retry delay; later ones double, with jitter. Tests shorten it.</summary>
    internal TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between retries, a <c>Retry-After</c> header included.</summary>
    internal TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Interval of the plain progress lines when output is redirected.</summary>
    internal TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);
}
