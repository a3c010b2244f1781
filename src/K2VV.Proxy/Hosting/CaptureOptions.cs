namespace K2VV.Proxy.Hosting;

/// <summary>Settings of the failure capture file, bound from <c>K2VV:Capture</c>.</summary>
internal sealed class CaptureOptions
{
    /// <summary>JSON Lines file that failing responses are appended to; null turns capture off.</summary>
    public string? Path { get; set; }

    /// <summary>Size in bytes at which the file is rotated.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Rotated files kept next to the current one (<c>PATH.1</c> is the newest).</summary>
    public int MaxFiles { get; set; } = 5;

    /// <summary>Drops message contents from captured requests and responses.</summary>
    public bool Redact { get; set; }

    /// <summary>Records waiting for the writer; a record that finds the queue full is dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 1024;
}
