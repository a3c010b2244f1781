using System.Net.Http.Headers;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>Sends chat-completion requests the way an SDK does and reads the raw response.</summary>
internal static class ChatRequests
{
    /// <summary>Posts <paramref name="body"/> to <c>/v1/chat/completions</c>, returning once the headers arrived.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string path = "/v1/chat/completions")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test-not-a-real-key");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestProxy.Timeout);
    }

    /// <summary>Reads the body to its end; returns the bytes and the exception that ended the read early, if any.</summary>
    public static async Task<(byte[] Body, Exception? Error)> ReadBodyAsync(HttpResponseMessage response)
    {
        var buffer = new MemoryStream();
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync().WaitAsync(TestProxy.Timeout);
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk).AsTask().WaitAsync(TestProxy.Timeout)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (buffer.ToArray(), ex);
        }
    }
}
