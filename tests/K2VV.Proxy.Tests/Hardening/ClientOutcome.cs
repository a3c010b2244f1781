using System.Net.Http.Headers;
using System.Text;
using K2VV.Proxy.Tests.Serving;

namespace K2VV.Proxy.Tests.Hardening;

/// <summary>What a client saw for one request: the status (0 when no response arrived), the body bytes it read, and whether reading failed.</summary>
public sealed record ClientOutcome(int Status, byte[] Body, string? Error)
{
    /// <summary>A chat-completion request with one tool, streamed or not.</summary>
    public static byte[] ChatRequest(bool stream = true, string model = "kimi-k2") =>
        Encoding.UTF8.GetBytes(
            "{\"model\":" + System.Text.Json.JsonSerializer.Serialize(model) + ",\"stream\":" + (stream ? "true" : "false")
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]}");

    /// <summary>Sends <paramref name="body"/> to <c>/v1/chat/completions</c> with a bearer key and reads the whole response, never throwing.</summary>
    public static async Task<ClientOutcome> SendAsync(HttpClient client, byte[] body, string apiKey = "sk-test-not-a-real-key")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/chat/completions", UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestProxy.Timeout);
        }
        catch (HttpRequestException ex)
        {
            return new ClientOutcome(0, [], ex.GetType().Name);
        }

        using (response)
        {
            var (bytes, error) = await ChatRequests.ReadBodyAsync(response);
            return new ClientOutcome((int)response.StatusCode, bytes, error?.GetType().Name);
        }
    }

    /// <summary>A short description for failure messages and the reliability document.</summary>
    public override string ToString() =>
        $"status {Status}, {Body.Length} body bytes, {(Error is null ? "clean end" : "read failed (" + Error + ")")}";
}
