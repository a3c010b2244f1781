using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using K2VV.Proxy.Capture;
using K2VV.Proxy.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>Failure capture file and trace attributes.</summary>
public sealed class CaptureAndTracingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("k2vv-capture-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Capture_InvalidToolCall_WritesLineWithoutSecrets(bool redact)
    {
        var path = Path.Combine(_directory, "failures.jsonl");
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"), new Dictionary<string, string?>
        {
            ["K2VV:Capture:Path"] = path,
            ["K2VV:Capture:Redact"] = redact ? "true" : "false",
        });
        var capture = proxy.Services.GetRequiredService<FailureCapture>();
        var valid = BugCase.Get("baseline-nonstream-valid");
        var invalid = BugCase.Get("invalid-json-missing-brace");

        foreach (var bugCase in new[] { valid, invalid })
        {
            vendor.Respond(bugCase.Response());
            using var response = await ChatRequests.PostAsync(proxy.Client, bugCase.RequestBytes());
            await ChatRequests.ReadBodyAsync(response);
        }

        await WaitUntilAsync(() => capture.Written >= 1);
        var text = await File.ReadAllTextAsync(path);
        var line = JsonNode.Parse(Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal("default", line["vendor"]!.GetValue<string>());
        Assert.Contains("invalid_json", line["findings"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.False(line["tool_calls_valid"]!.GetValue<bool>());
        Assert.DoesNotContain("sk-test-not-a-real-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        var firstMessage = line["request"]!["messages"]![0]!.AsObject();
        Assert.Equal(!redact, firstMessage.ContainsKey("content"));
    }

    [Fact]
    public async Task Capture_PastMaxBytes_RotatesAndKeepsMaxFiles()
    {
        var path = Path.Combine(_directory, "failures.jsonl");
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"), new Dictionary<string, string?>
        {
            ["K2VV:Capture:Path"] = path,
            ["K2VV:Capture:MaxBytes"] = "1024",
            ["K2VV:Capture:MaxFiles"] = "2",
        });
        var capture = proxy.Services.GetRequiredService<FailureCapture>();
        var invalid = BugCase.Get("invalid-json-missing-brace");
        vendor.Respond(invalid.Response());

        for (var index = 0; index < 5; index++)
        {
            using var response = await ChatRequests.PostAsync(proxy.Client, invalid.RequestBytes());
            await ChatRequests.ReadBodyAsync(response);
        }

        await WaitUntilAsync(() => capture.Written >= 5);
        Assert.True(File.Exists(path));
        Assert.True(File.Exists(path + ".1"));
        Assert.True(File.Exists(path + ".2"));
        Assert.False(File.Exists(path + ".3"));
    }

    [Fact]
    public async Task Trace_VerifiedResponse_ServerActivityTagged()
    {
        const string model = "kimi-k2-trace-test";
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("gen_ai.request.model") as string == model)
                {
                    stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var vendor = await FakeVendor.StartAsync().WaitAsync(TestProxy.Timeout);
        await using var proxy = await TestProxy.StartAsync(new Uri(vendor.BaseAddress, "/v1"));
        var bugCase = BugCase.Get("invalid-json-missing-brace");
        vendor.Respond(bugCase.Response());
        var request = bugCase.Request.DeepClone().AsObject();
        request["model"] = model;

        using (var response = await ChatRequests.PostAsync(proxy.Client, System.Text.Encoding.UTF8.GetBytes(request.ToJsonString())))
        {
            await ChatRequests.ReadBodyAsync(response);
        }

        await WaitUntilAsync(() => !stopped.IsEmpty);
        var activity = Assert.Single(stopped);
        Assert.Equal("default", activity.GetTagItem("k2vv.vendor"));
        Assert.Equal(false, activity.GetTagItem("k2vv.stream"));
        Assert.Equal("invalid", activity.GetTagItem("k2vv.verdict"));
        Assert.Equal(new[] { "tool_calls" }, activity.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Contains("invalid_json", (string[])activity.GetTagItem("k2vv.findings")!);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cancellation = new CancellationTokenSource(TestProxy.Timeout);
        while (!condition())
        {
            await Task.Delay(10, cancellation.Token);
        }
    }
}
