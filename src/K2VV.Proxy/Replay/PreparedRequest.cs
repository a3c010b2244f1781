using System.Text.Json.Nodes;

namespace K2VV.Proxy.Replay;

/// <summary>One input line ready to send.</summary>
/// <param name="DataIndex">1-based line number in the input file.</param>
/// <param name="Request">The prepared request as the reference hashes and records it.</param>
/// <param name="Hash">The reference's hash of <paramref name="Request"/>.</param>
/// <param name="Body">The UTF-8 body to send: the request, <c>--extra-body</c> and stream options.</param>
/// <param name="Stream">True when the request asks for <c>stream: true</c>.</param>
/// <param name="Model">The request's model, copied into accumulated stream responses.</param>
internal sealed record PreparedRequest(int DataIndex, JsonObject Request, string Hash, byte[] Body, bool Stream, string? Model);
