using System.Net;
using System.Net.Sockets;
using System.Text;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>
/// A vendor on a raw <see cref="TcpListener"/> at 127.0.0.1 that reads one HTTP/1.1 request per
/// connection and answers with the bytes of an <see cref="UpstreamFault"/>, including broken
/// HTTP that Kestrel would never write (bad chunk sizes, wrong Content-Length, resets).
/// </summary>
public sealed class RawVendor : IAsyncDisposable
{
    /// <summary>The SSE frames of the clean tool-call stream; faulty streams send a prefix of them.</summary>
    public static readonly string[] StreamFrames =
    [
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"kimi-k2\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"functions.get_weather:0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"kimi-k2\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"kimi-k2\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
        "data: [DONE]\n\n",
    ];

    /// <summary>The same tool call as one JSON completion.</summary>
    public const string JsonCompletion =
        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"kimi-k2\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"functions.get_weather:0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";

    private const string ErrorJson = "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit\"}}";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private int _requests;

    private RawVendor()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(1024);
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The base address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Chooses the fault for each request by its 0-based arrival number; by default none.</summary>
    public Func<int, UpstreamFault> Fault { get; set; } = _ => UpstreamFault.None;

    /// <summary>Requests read so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts listening.</summary>
    public static RawVendor Start() => new();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll([_acceptLoop, .. connections]).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    /// <summary>The raw bytes of <paramref name="fault"/> sent before its ending, and how it ends.</summary>
    public static (byte[] Bytes, Ending Ending) Script(UpstreamFault fault)
    {
        var sseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        return fault switch
        {
            UpstreamFault.None => (Chunked(sseHead, StreamFrames, terminate: true), Ending.Close),
            UpstreamFault.ResetBeforeHeaders => ([], Ending.Reset),
            UpstreamFault.CloseBeforeHeaders => ([], Ending.Close),
            UpstreamFault.ResetMidStream => (Chunked(sseHead, StreamFrames[..1], terminate: false), Ending.Reset),
            UpstreamFault.StallBeforeHeaders => ([], Ending.Stall),
            UpstreamFault.StallMidStream => (Chunked(sseHead, StreamFrames[..1], terminate: false), Ending.Stall),
            UpstreamFault.TooManyRequestsWithBody => (Fixed("429 Too Many Requests", "application/json", ErrorJson), Ending.Close),
            UpstreamFault.TooManyRequestsEmpty => (Fixed("429 Too Many Requests", null, ""), Ending.Close),
            UpstreamFault.ServerErrorWithBody => (Fixed("500 Internal Server Error", "application/json", ErrorJson), Ending.Close),
            UpstreamFault.ServiceUnavailableEmpty => (Fixed("503 Service Unavailable", null, ""), Ending.Close),
            UpstreamFault.SseLabelledJson => (Fixed("200 OK", "application/json", string.Concat(StreamFrames)), Ending.Close),
            UpstreamFault.JsonLabelledSse => (Fixed("200 OK", "text/event-stream", JsonCompletion), Ending.Close),
            UpstreamFault.InvalidChunkSize => (Concat(Chunked(sseHead, StreamFrames[..1], terminate: false), "zz\r\nnot a chunk\r\n"), Ending.Close),
            UpstreamFault.BodyShorterThanContentLength => (Concat(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {JsonCompletion.Length + 100}\r\nConnection: close\r\n\r\n",
                JsonCompletion), Ending.Close),
            UpstreamFault.BodyLongerThanContentLength => (Concat(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {JsonCompletion.Length}\r\nConnection: close\r\n\r\n",
                JsonCompletion + "{\"trailing\":\"garbage after the declared length\"}"), Ending.Close),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };
    }

    /// <summary>What happens to the connection after the scripted bytes.</summary>
    public enum Ending
    {
        /// <summary>Graceful close (FIN).</summary>
        Close,

        /// <summary>Abortive close (RST), by a zero linger time.</summary>
        Reset,

        /// <summary>The connection stays open and silent until the peer closes it.</summary>
        Stall,
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = ServeAsync(socket);
            lock (_connections)
            {
                _connections.RemoveAll(task => task.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield();
        using (socket)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                if (!await ReadRequestAsync(socket, timeout.Token))
                {
                    return;
                }

                var index = Interlocked.Increment(ref _requests) - 1;
                var (bytes, ending) = Script(Fault(index));
                if (bytes.Length > 0)
                {
                    await socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
                }

                switch (ending)
                {
                    case Ending.Reset:
                        // Give the proxy a moment to read the bytes before the RST discards them.
                        await Task.Delay(50, timeout.Token);
                        socket.LingerState = new LingerOption(true, 0);
                        break;
                    case Ending.Stall:
                        // Wait until the proxy closes its side (a read returns 0 or fails).
                        var sink = new byte[1024];
                        while (await socket.ReceiveAsync(sink, SocketFlags.None, timeout.Token) > 0)
                        {
                        }

                        break;
                    default:
                        socket.Shutdown(SocketShutdown.Send);
                        break;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The proxy went away or the vendor is stopping; the connection just ends.
            }
        }
    }

    // Reads the request head and a Content-Length or chunked body; false when the peer closed first.
    private static async Task<bool> ReadRequestAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
        var lines = head.Split("\r\n");
        var contentLength = lines
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var chunked = lines.Any(line => line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var bodyStart = headEnd + 4;
        while (chunked ? IndexOf(received, "0\r\n\r\n"u8, bodyStart) < 0 : received.Count - bodyStart < contentLength)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        return true;
    }

    private static int IndexOf(List<byte> haystack, ReadOnlySpan<byte> needle, int start = 0)
    {
        for (var i = start; i <= haystack.Count - needle.Length; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] Chunked(string head, IEnumerable<string> frames, bool terminate)
    {
        var text = new StringBuilder(head);
        foreach (var frame in frames)
        {
            var bytes = Encoding.UTF8.GetByteCount(frame);
            text.Append(bytes.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n").Append(frame).Append("\r\n");
        }

        if (terminate)
        {
            text.Append("0\r\n\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Fixed(string status, string? contentType, string body)
    {
        var type = contentType is null ? "" : $"Content-Type: {contentType}\r\n";
        return Concat($"HTTP/1.1 {status}\r\n{type}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n", body);
    }

    private static byte[] Concat(byte[] first, string second) => [.. first, .. Encoding.UTF8.GetBytes(second)];

    private static byte[] Concat(string first, string second) => Encoding.UTF8.GetBytes(first + second);
}
