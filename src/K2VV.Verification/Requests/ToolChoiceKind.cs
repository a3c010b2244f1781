namespace K2VV.Verification.Requests;

/// <summary>The request's <c>tool_choice</c>, reduced to what the findings need.</summary>
public enum ToolChoiceKind
{
    /// <summary>Absent or <c>"auto"</c>.</summary>
    Auto,

    /// <summary><c>"none"</c>: the model must not call a tool.</summary>
    None,

    /// <summary><c>"required"</c>: the model must call at least one tool.</summary>
    Required,

    /// <summary><c>{"type":"function","function":{"name":…}}</c>: the model must call that tool.</summary>
    Named,
}
