using System.Text.Json.Nodes;
using K2VV.Proxy.Replay;
using Xunit;

namespace K2VV.Proxy.Tests.Replay;

public sealed class RequestPreparerTests
{
    // md5 of json.dumps(prepared, sort_keys=True, ensure_ascii=False) as CPython 3 prints it, for
    // each bug case's request prepared with model "kimi-k2-test", temperature 0.6, max_tokens 1024.
    private static readonly Dictionary<string, string> PythonHashes = new()
    {
        ["baseline-nonstream-valid"] = "cb56fc231b3092928f890693f209b9cd",
        ["baseline-stream-arg-deltas"] = "a1e94940e9d31b27b4c3e74d36c3a7db",
        ["markup-content-empty-toolcalls"] = "cb56fc231b3092928f890693f209b9cd",
        ["markup-content-stop-callid"] = "d4c93f5a72986f98891cc3420d643d92",
        ["stream-markup-leak-with-call"] = "5dab0ba91d90b45134d05c77d4600ce8",
        ["stream-markup-in-reasoning"] = "ed133f2145ad568f966d0d03834202ab",
        ["finish-toolcalls-empty-required"] = "46a599d8afbec08366641c665f71e8cf",
        ["finish-toolcalls-null"] = "17c890976f78f849794695453feb9e85",
        ["toolcalls-with-stop-nonstream"] = "80c3337dcf4acec67f053e2cf94d5dae",
        ["invalid-json-missing-brace"] = "38b6ab215397a3b16450be3120ece607",
        ["double-encoded-arguments"] = "c1e1e9c90303e045b28e63d63fd0695f",
        ["nested-array-as-string"] = "0a54bda83d1bafd86d24a5788044bd48",
        ["arguments-object-nonstream"] = "ddbc86888347470647cc309ea1c0724a",
        ["schema-integer-as-string"] = "d0883489969cc5b26edb8c2fca2f59c3",
        ["schema-missing-required"] = "02e377eaba59914dc3e92280c5c29848",
        ["schema-additional-property"] = "fb866133affd4ca6c65f55b5d849e1ac",
        ["unknown-tool-doubled-name"] = "81352773d1ba3dabfb825221cf474698",
        ["name-functions-prefix"] = "e9b9e37727ca4a56e3ac1fa3975ff7b2",
        ["empty-function-name"] = "a1c7099fe5edf5d9866b3465294d00ed",
        ["random-id-from-kimi-vendor"] = "ea25294346fa7d1493f45814a6cbb1db",
        ["stream-numeric-id-repeated-empty-name"] = "1566173f5ecd445ce8df6f45e20e210e",
        ["malformed-native-id-markup"] = "194ed62feb94bc5cccfc52993a15a5c2",
        ["id-index-restarts-at-zero"] = "a751264e37e5b83999f14376ab54764f",
        ["duplicate-ids-one-response"] = "50b1331c23d5f013e108d246d9f07d21",
        ["empty-tool-call-id"] = "279dc416f6103abcc7dfcdf2fc9b568a",
        ["parallel-same-index-distinct-ids"] = "1ce07d94ff68fbb271c94fead9c985b7",
        ["parallel-interleaved-deltas"] = "2e1ab9942490417dc617515d0de38d6e",
        ["stream-name-repeated-each-delta"] = "3223308f730738cf4746f9c485df41de",
        ["stream-usage-chunk-empty-choices"] = "0b2de3ba2f2218462b240840a13a69a2",
        ["sse-split-frames"] = "cb536ddb82059d1de39a461283e150f2",
        ["sse-comments-and-crlf"] = "81fc4ef859b3192e7db39c491a824f3d",
        ["stream-missing-done"] = "2e48d9877e1ec673264eb64a36ce12eb",
        ["stream-truncated-mid-arguments"] = "a24a8b272d366b8fbb96afe9e63b204f",
        ["stream-connection-reset"] = "a5a4ee14ce77462c785e1357ba415deb",
        ["stream-error-chunk-mid-stream"] = "bd73cc5531f2e38d8fd5255c10d93583",
        ["http-429-rate-limited"] = "fa2d4fbdc8e6472f9a3ecd3f15ad1eb6",
        ["http-502-html-body"] = "ca1b13076b9b9e78714d0fa3c55f6474",
        ["http-200-error-body"] = "a58ecfe274c15225e3b73822c8c82b29",
        ["gzip-sse-stream"] = "a21b762c6c9b0f296448f00f6b219075",
        ["named-choice-ignored-text"] = "d9918ee1453bf4b629eb545e3923823e",
        ["choice-none-finish-toolcalls"] = "0061b4a4dcf5ceb16f0c17014bf891d8",
        ["finish-length-partial-call"] = "589c93d9d436ff35e09e87d7d8531101",
        ["stream-empty-only-done"] = "3e1256e27ce27b257158d5c92e655063",
        ["hist-official-style-ids"] = "998cb77e566709f622e3e34a262e8600",
        ["hist-openai-call-ids"] = "be092557ca78083a994fb6c0c6b770b6",
        ["hist-missing-ids-positional"] = "0812ee81e3aede813718322c19852dc4",
        ["hist-turn-local-duplicate-ids"] = "4aa93a8a32228d058fdcee08b6285ebb",
        ["hist-parallel-results-out-of-order"] = "44b54527634d2112bc01c069826811ec",
        ["hist-wellformed-consistent"] = "9420217bbbc6d9e5e57a3a7ba7e8153a",
        ["hist-wellformed-turn-local"] = "c2eaa45b7a7a2227e439eba807c85d44",
        ["hist-sanitized-ids"] = "296b9677cd740c632f52b8599e096f53",
        ["hist-id-name-mismatch"] = "59e4514b153e2658aaec5095fe8cc5a3",
        ["hist-orphan-tool-message"] = "45e4bb9e85757dd508eef3d06c440d90",
        ["hist-numeric-ids"] = "f375f262691420b2b5da9bcdb0912714",
    };

    private static ReplayOptions Options(double? temperature, int? maxTokens) => new()
    {
        InputPath = "samples.jsonl",
        Model = "kimi-k2-test",
        BaseUrl = new Uri("http://127.0.0.1:9/v1"),
        Temperature = temperature,
        MaxTokens = maxTokens,
    };

    [Fact]
    public void Prepare_BugCaseRequests_HashEqualsPython()
    {
        var preparer = new RequestPreparer(Options(0.6, 1024));
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "bug-cases.jsonl");
        var checkedCount = 0;
        foreach (var line in File.ReadLines(path))
        {
            var bugCase = JsonNode.Parse(line)!.AsObject();
            var id = bugCase["id"]!.GetValue<string>();

            var prepared = preparer.Prepare(1, bugCase["request"]!.DeepClone().AsObject(), out var error);

            Assert.Null(error);
            Assert.True(PythonHashes[id] == prepared!.Hash, $"{id}: {prepared.Hash}");
            checkedCount++;
        }

        Assert.Equal(PythonHashes.Count, checkedCount);
    }

    [Fact]
    public void Prepare_InputRole_HashEqualsPython()
    {
        var preparer = new RequestPreparer(Options(1, null));
        var raw = JsonNode.Parse("""{"messages":[{"role":"_input","content":"R\u00e8gles \u2713"},{"role":"user","content":"x"}],"temperature":1,"stream":true}""")!.AsObject();

        var prepared = preparer.Prepare(3, raw, out _)!;

        Assert.Equal("1ff648febea9c4b5b0346b7877901507", prepared.Hash);
        Assert.Equal("system", (string?)prepared.Request["messages"]![0]!["role"]);
        Assert.Equal("1.0", prepared.Request["temperature"]!.ToJsonString());
        Assert.True(prepared.Stream);
        Assert.Null(prepared.Request["stream_options"]);
        var body = JsonNode.Parse(prepared.Body)!;
        Assert.True((bool)body["stream_options"]!["include_usage"]!);
    }

    [Fact]
    public void Prepare_NoMessages_ReturnsError()
    {
        var prepared = new RequestPreparer(Options(null, null)).Prepare(1, new JsonObject { ["model"] = "x" }, out var error);

        Assert.Null(prepared);
        Assert.Contains("messages", error, StringComparison.Ordinal);
    }
}
