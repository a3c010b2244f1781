using System.Runtime.InteropServices;
using System.Text.Json;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>Thread-safe LRU cache of compiled schemas keyed by the schema's raw JSON bytes.</summary>
/// <remarks>
/// The lookup hashes the raw UTF-8 text and confirms a hit by comparing the bytes, so two schemas share an
/// entry only when their JSON text is identical. Each schema is compiled once: concurrent misses for the
/// same text wait for one <see cref="Lazy{T}"/>.
/// </remarks>
internal sealed class SchemaCache(int capacity, Func<JsonElement, CompiledSchema> compile)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<LinkedListNode<Entry>>> _byHash = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _compileCount;

    /// <summary>Schemas compiled since creation (a repeated schema is counted once while it stays cached).</summary>
    public long CompileCount => Interlocked.Read(ref _compileCount);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _recency.Count;
            }
        }
    }

    public CompiledSchema GetOrCompile(JsonElement schema)
    {
        var raw = JsonMarshal.GetRawUtf8Value(schema);
        var hash = HashOf(raw);
        Lazy<CompiledSchema> compiled;
        lock (_lock)
        {
            compiled = FindOrAdd(raw, hash, schema);
        }

        return compiled.Value;
    }

    private Lazy<CompiledSchema> FindOrAdd(ReadOnlySpan<byte> raw, int hash, JsonElement schema)
    {
        if (_byHash.TryGetValue(hash, out var bucket))
        {
            foreach (var node in bucket)
            {
                if (raw.SequenceEqual(node.Value.Key))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    return node.Value.Compiled;
                }
            }
        }
        else
        {
            bucket = [];
            _byHash[hash] = bucket;
        }

        // The schema is cloned so the compiled form never refers to the caller's document.
        var detached = schema.Clone();
        var entry = new Entry(raw.ToArray(), hash, new Lazy<CompiledSchema>(() =>
        {
            Interlocked.Increment(ref _compileCount);
            return compile(detached);
        }));
        var added = _recency.AddFirst(entry);
        bucket.Add(added);
        EvictBeyondCapacity();
        return entry.Compiled;
    }

    private void EvictBeyondCapacity()
    {
        while (_recency.Count > Math.Max(1, capacity))
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            var bucket = _byHash[oldest.Value.Hash];
            bucket.Remove(oldest);
            if (bucket.Count == 0)
            {
                _byHash.Remove(oldest.Value.Hash);
            }
        }
    }

    private static int HashOf(ReadOnlySpan<byte> raw)
    {
        var hash = new HashCode();
        hash.AddBytes(raw);
        return hash.ToHashCode();
    }

    private sealed record Entry(byte[] Key, int Hash, Lazy<CompiledSchema> Compiled);
}
