namespace K2VV.Verification.Rewriting;

/// <summary>The key an <see cref="IdEdit"/> adds to an object that lacks it.</summary>
internal enum InsertedKey
{
    /// <summary>The edit replaces an existing value.</summary>
    None,

    /// <summary>The <c>id</c> of an assistant tool call.</summary>
    Id,

    /// <summary>The <c>tool_call_id</c> of a tool message.</summary>
    ToolCallId,
}
