using System.Text;

namespace K2VV.Verification.Streaming;

/// <summary>Appends text up to a character limit and records whether anything was dropped.</summary>
internal sealed class CappedText(int maxChars)
{
    private StringBuilder? _text;

    public bool IsCapped { get; private set; }

    public bool HasText => _text is { Length: > 0 };

    public void Append(string text)
    {
        _text ??= new StringBuilder();
        var room = maxChars - _text.Length;
        if (text.Length > room)
        {
            IsCapped = true;
            text = text[..Math.Max(room, 0)];
        }

        _text.Append(text);
    }

    public override string ToString() => _text?.ToString() ?? string.Empty;

    public string? ToStringOrNull() => _text is null ? null : _text.ToString();
}
