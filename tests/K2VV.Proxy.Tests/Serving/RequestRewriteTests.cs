using System.Text.Json.Nodes;
using K2VV.Proxy.Tests.Fakes;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>The vendor receives the history with canonical tool-call ids.</summary>
public sealed class RequestRewriteTests : IClassFixture<ProxyWithVendor>
{
    private readonly ProxyWithVendor _fixture;

    public RequestRewriteTests(ProxyWithVendor fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> HistoryCaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var bugCase in BugCase.HistoryCases)
        {
            data.Add(bugCase.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HistoryCaseIds))]
    public async Task ChatCompletion_HistoryCase_VendorReceivesRewrittenMessages(string id)
    {
        var bugCase = BugCase.Get(id);
        _fixture.Vendor.Respond(BugCase.Get("baseline-nonstream-valid").Response());
        var proxy = _fixture.Proxy;
        var before = await proxy.ScrapeAsync();
        var recorded = proxy.Recorded;

        using (var response = await ChatRequests.PostAsync(proxy.Client, bugCase.RequestBytes()))
        {
            await ChatRequests.ReadBodyAsync(response);
        }

        var received = await ReceivedAsync(bugCase);
        var forwarded = JsonNode.Parse(received.Body)!.AsObject();
        var expected = bugCase.Expect["rewritten_messages"]!;
        Assert.True(
            JsonNode.DeepEquals(expected, forwarded["messages"]),
            $"expected {expected.ToJsonString()}\nreceived {forwarded["messages"]?.ToJsonString()}");
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);

        // Every other field passes through untouched.
        foreach (var (name, value) in bugCase.Request)
        {
            if (name != "messages")
            {
                Assert.True(JsonNode.DeepEquals(value, forwarded[name]), $"field {name} changed");
            }
        }

        await proxy.WaitForRecordedAsync(recorded + 1);
        var after = await proxy.ScrapeAsync();
        Assert.Equal(
            ChangedIds(bugCase.Request["messages"]!.AsArray(), expected.AsArray()),
            after.Sum("k2vv_tool_call_id_rewrites_total") - before.Sum("k2vv_tool_call_id_rewrites_total"));
    }

    private async Task<RecordedRequest> ReceivedAsync(BugCase bugCase)
    {
        // Earlier tests of the class may have left requests in the queue; take this case's one.
        var model = bugCase.Request["model"]?.GetValue<string>();
        while (true)
        {
            var request = await _fixture.Vendor.NextRequestAsync(TestProxy.Timeout);
            var messages = JsonNode.Parse(request.Body)?["messages"]?.AsArray();
            if (messages?.Count == bugCase.Request["messages"]!.AsArray().Count
                && JsonNode.DeepEquals(messages[0], bugCase.Request["messages"]![0])
                && JsonNode.Parse(request.Body)?["model"]?.GetValue<string>() == model)
            {
                return request;
            }
        }
    }

    // Assistant tool-call ids that differ between the original and the rewritten history.
    private static int ChangedIds(JsonArray original, JsonArray rewritten)
    {
        var changed = 0;
        for (var index = 0; index < original.Count; index++)
        {
            if (original[index]?["tool_calls"] is not JsonArray calls)
            {
                continue;
            }

            for (var call = 0; call < calls.Count; call++)
            {
                var before = calls[call]?["id"]?.ToJsonString();
                var after = rewritten[index]?["tool_calls"]?[call]?["id"]?.ToJsonString();
                if (before != after)
                {
                    changed++;
                }
            }
        }

        return changed;
    }
}
