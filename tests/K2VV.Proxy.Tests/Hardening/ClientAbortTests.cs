using System.Net.Sockets;
using System.Text;
using K2VV.Proxy.Tests.Serving;
using Xunit;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>A client that goes away at any phase is counted, the upstream request is not left behind, and the proxy keeps serving.</summary>
public sealed class ClientAbortTests
{
    /// <summary>Where the client aborts.</summary>
    public enum Phase
    {
        /// <summary>Half the declared request body sent, then the socket is reset.</summary>
        DuringRequestBody,

        /// <summary>Response headers received, no body read.</summary>
        AfterHeaders,

        /// <summary>The first SSE frame read, then the connection is closed.</summary>
        MidStream,
    }

    [Theory]
    [InlineData(Phase.DuringRequestBody)]
    [InlineData(Phase.AfterHeaders)]
    [InlineData(Phase.MidStream)]
    public async Task Forward_ClientAborts_CountedAndProxyKeepsServing(Phase phase)
    {
        await using var vendor = RawVendor.Start();
        await using var proxy = await ProxyUnderTest.StartAsync(new Uri(vendor.BaseAddress, "/v1"));
        vendor.Fault = _ => UpstreamFault.StallMidStream;
        using var unobserved = new UnobservedExceptions();

        await AbortAsync(proxy.BaseAddress, phase);
        await proxy.WaitForRecordedAsync(1);
        var metrics = await proxy.ScrapeAsync();
        Assert.Equal(1, metrics.Sum("k2vv_unverified_responses_total", ("reason", "client_disconnected")));
        Assert.Equal(phase == Phase.DuringRequestBody ? 0 : 1, vendor.Requests);

        vendor.Fault = _ => UpstreamFault.None;
        var next = await ClientOutcome.SendAsync(proxy.Client, ClientOutcome.ChatRequest());
        Assert.Equal(200, next.Status);
        Assert.Null(next.Error);
        Assert.Empty(unobserved.CollectAndRead());
    }

    // A raw socket, because HttpClient drains an unread response instead of closing the connection.
    private static async Task AbortAsync(Uri proxy, Phase phase)
    {
        var body = ClientOutcome.ChatRequest();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(proxy.Host, proxy.Port).WaitAsync(TestProxy.Timeout);
        var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: {proxy.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head)).WaitAsync(TestProxy.Timeout);
        if (phase == Phase.DuringRequestBody)
        {
            await socket.SendAsync(body.AsMemory(0, body.Length / 2)).AsTask().WaitAsync(TestProxy.Timeout);
            await Task.Delay(100);
        }
        else
        {
            await socket.SendAsync(body).WaitAsync(TestProxy.Timeout);
            var expected = phase == Phase.AfterHeaders ? "\r\n\r\n" : RawVendor.StreamFrames[0];
            var received = new StringBuilder();
            var buffer = new byte[4096];
            while (!received.ToString().Contains(expected, StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer).WaitAsync(TestProxy.Timeout);
                Assert.NotEqual(0, read);
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Assert.StartsWith("HTTP/1.1 200", received.ToString(), StringComparison.Ordinal);
        }

        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
