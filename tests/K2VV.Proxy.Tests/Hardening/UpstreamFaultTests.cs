using K2VV.Proxy.Tests.Serving;
using Xunit;
using Xunit.Abstractions;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// Broken upstream responses on a raw socket: the client sees what a plain YARP proxy gives,
/// the fault is counted, and the proxy keeps serving.
/// </summary>
public sealed class UpstreamFaultTests(FaultyVendorProxies proxies, ITestOutputHelper output) : IClassFixture<FaultyVendorProxies>
{
    private const string Unverified = "k2vv_unverified_responses_total";
    private const string Findings = "k2vv_tool_call_findings_total";
    private const string Completions = "k2vv_chat_completions_total";

    /// <summary>Each fault with the counter and label that must move by one when it is verified.</summary>
    public static TheoryData<UpstreamFault, string, string, string> Faults => new()
    {
        { UpstreamFault.None, Completions, "finish_reason", "tool_calls" },
        { UpstreamFault.ResetBeforeHeaders, Unverified, "reason", "upstream_unavailable" },
        { UpstreamFault.CloseBeforeHeaders, Unverified, "reason", "upstream_unavailable" },
        { UpstreamFault.StallBeforeHeaders, Unverified, "reason", "upstream_unavailable" },
        { UpstreamFault.ResetMidStream, Findings, "finding", "upstream_connection_reset" },
        { UpstreamFault.StallMidStream, Findings, "finding", "upstream_connection_reset" },
        { UpstreamFault.TooManyRequestsWithBody, Unverified, "reason", "upstream_http_error" },
        { UpstreamFault.TooManyRequestsEmpty, Unverified, "reason", "upstream_http_error" },
        { UpstreamFault.ServerErrorWithBody, Unverified, "reason", "upstream_http_error" },
        { UpstreamFault.ServiceUnavailableEmpty, Unverified, "reason", "upstream_http_error" },
        { UpstreamFault.SseLabelledJson, Findings, "finding", "non_json_body" },
        { UpstreamFault.JsonLabelledSse, Findings, "finding", "empty_response" },
        { UpstreamFault.InvalidChunkSize, Unverified, "reason", "upstream_unavailable" },
        { UpstreamFault.BodyShorterThanContentLength, Findings, "finding", "upstream_connection_reset" },

        // The HTTP client reads exactly Content-Length bytes and drops the connection, so the
        // proxy never sees the surplus: the declared body is a valid completion.
        { UpstreamFault.BodyLongerThanContentLength, Completions, "finish_reason", "tool_calls" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Forward_UpstreamFault_ClientSeesPlainProxyResultAndFaultCounted(UpstreamFault fault, string metric, string label, string value)
    {
        var verifying = proxies.Verifying;
        proxies.Vendor.Fault = _ => fault;
        var before = await verifying.ScrapeAsync();
        var recorded = verifying.Recorded;

        var seen = await ClientOutcome.SendAsync(verifying.Client, ClientOutcome.ChatRequest());
        var plain = await ClientOutcome.SendAsync(proxies.Plain.Client, ClientOutcome.ChatRequest());
        await verifying.WaitForRecordedAsync(recorded + 1);
        var after = await verifying.ScrapeAsync();
        output.WriteLine($"{fault}: verifying [{seen}], plain [{plain}]");
        foreach (var line in after.Lines(metric).Except(before.Lines(metric)))
        {
            output.WriteLine("  " + line);
        }

        if (fault is UpstreamFault.ResetMidStream or UpstreamFault.StallMidStream or UpstreamFault.BodyShorterThanContentLength)
        {
            // Both proxies abort the client connection after the bytes they forwarded; whether the
            // client still reads the headers and those bytes before the reset is a race on any proxy.
            Assert.True(plain.Status == 0 || plain.Error is not null, $"plain: {plain}");
            Assert.True(seen.Status == 0 || seen.Error is not null, $"verifying: {seen}");
        }
        else
        {
            Assert.Equal(plain.Status, seen.Status);
            Assert.Equal(plain.Body, seen.Body);
            Assert.Equal(plain.Error, seen.Error);
        }

        Assert.Equal(1, after.Sum(metric, (label, value)) - before.Sum(metric, (label, value)));

        // The proxy keeps serving: a clean response right after the fault goes through whole.
        proxies.Vendor.Fault = _ => UpstreamFault.None;
        var next = await ClientOutcome.SendAsync(verifying.Client, ClientOutcome.ChatRequest());
        Assert.Equal(200, next.Status);
        Assert.Null(next.Error);
        Assert.Equal(string.Concat(RawVendor.StreamFrames), System.Text.Encoding.UTF8.GetString(next.Body));
    }
}
