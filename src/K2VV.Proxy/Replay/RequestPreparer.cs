using System.Text.Json;
using System.Text.Json.Nodes;
using K2VV.Verification.Results;

namespace K2VV.Proxy.Replay;

/// <summary>Prepares input requests as the reference does and builds the body to send.</summary>
internal sealed class RequestPreparer(ReplayOptions options)
{
    /// <summary>
    /// Prepares one request: role <c>_input</c> becomes <c>system</c>, <c>model</c> is set, the
    /// overrides are applied and the hash is taken. Returns null with an error when the line has
    /// no <c>messages</c> list.
    /// </summary>
    public PreparedRequest? Prepare(int dataIndex, JsonObject raw, out string? error)
    {
        if (raw["messages"] is not JsonArray messages)
        {
            error = "the request has no \"messages\" list";
            return null;
        }

        foreach (var message in messages)
        {
            if (message is JsonObject obj && obj["role"] is JsonValue role && role.GetValueKind() == JsonValueKind.String && role.GetValue<string>() == "_input")
            {
                obj["role"] = "system";
            }
        }

        raw["model"] = options.Model;
        if (options.Temperature is { } temperature)
        {
            // Parsed from Python's text of the float, so the results file and the hash both see "1.0", not "1".
            raw["temperature"] = JsonNode.Parse(PythonDumps.FormatFloat(temperature));
        }

        if (options.MaxTokens is { } maxTokens)
        {
            raw["max_tokens"] = maxTokens;
        }

        var hash = RequestHash.Compute(raw);
        var body = BuildBody(raw, out var stream);
        error = null;
        return new PreparedRequest(dataIndex, raw, hash, body, stream, options.Model);
    }

    private byte[] BuildBody(JsonObject request, out bool stream)
    {
        var body = (JsonObject)request.DeepClone();
        if (options.ExtraBody is { } extra)
        {
            // The OpenAI SDK merges extra_body over the top-level fields.
            foreach (var (name, value) in extra)
            {
                body[name] = value?.DeepClone();
            }
        }

        // An extra the reference does not send: streams report usage only when asked, and it is
        // added after hashing so hashes stay those of the reference.
        stream = body["stream"] is JsonValue streamValue && streamValue.GetValueKind() == JsonValueKind.True;
        if (stream)
        {
            if (body["stream_options"] is not JsonObject streamOptions)
            {
                streamOptions = [];
                body["stream_options"] = streamOptions;
            }

            streamOptions["include_usage"] = true;
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }
}
