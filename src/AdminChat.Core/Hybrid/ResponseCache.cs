using System.Security.Cryptography;
using System.Text;
using AdminChat.Core.Providers;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Hybrid;

/// <summary>A complete answer as the model produced it, kept to be served again for the identical question.</summary>
public sealed record CachedAnswer(string Text, DateTimeOffset AnsweredAt, string Provider, string Model, bool Simulated,
    TokenUsage? Usage);

/// <summary>
/// Recent complete answers by <see cref="KeyFor"/>: bounded by age (<see cref="HybridOptions.CacheTtlSeconds"/>) and by
/// count (least recently used evicted). Only text a model produced goes in; the entry keeps when it was produced so
/// the page can say how old a served answer is.
/// </summary>
public sealed class ResponseCache(IOptionsMonitor<HybridOptions> options, TimeProvider timeProvider)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, CachedAnswer Answer)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, CachedAnswer Answer)> _order = new();
    private readonly Lock _gate = new();

    /// <summary>Public name of the answers served from here, in records and metrics (so model latency stays clean).</summary>
    public const string ProviderName = "cache";

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Same key ⇔ same asker scope, same model and settings, same conversation before the question (turns trimmed), and
    /// the same question once trimmed, its white space collapsed and its case folded.
    /// </summary>
    /// <param name="userId">Who asks; ignored when <paramref name="shared"/>, so answers are shared only when configured.</param>
    public static string KeyFor(string? userId, bool shared, ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = new StringBuilder();
        text.Append(shared ? "*" : "u:" + (userId ?? string.Empty)).Append('\0')
            .Append(request.Model).Append('\0')
            .Append(request.MaxOutputTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\0')
            .Append(request.Temperature?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('\0');
        for (var i = 0; i < request.Turns.Count; i++)
        {
            var turn = request.Turns[i];
            var last = i == request.Turns.Count - 1;
            text.Append((int)turn.Role).Append(':')
                .Append(last ? NormaliseQuestion(turn.Text) : turn.Text.Trim()).Append('\0');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Trimmed, runs of white space made one space, case folded (invariant culture).</summary>
    public static string NormaliseQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var result = new StringBuilder(question.Length);
        var pendingSpace = false;
        foreach (var c in question.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(char.ToLowerInvariant(c));
        }

        return result.ToString();
    }

    public bool TryGet(string key, out CachedAnswer answer, out TimeSpan age)
    {
        var now = timeProvider.GetUtcNow();
        var ttl = TimeSpan.FromSeconds(options.CurrentValue.CacheTtlSeconds);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                age = now - node.Value.Answer.AnsweredAt;
                if (age < ttl)
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    answer = node.Value.Answer;
                    return true;
                }

                _order.Remove(node);
                _entries.Remove(key);
            }
        }

        answer = null!;
        age = default;
        return false;
    }

    public void Store(string key, CachedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var max = options.CurrentValue.CacheMaxEntries;
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing))
            {
                _order.Remove(existing);
            }

            _entries[key] = _order.AddFirst((key, answer));
            while (_entries.Count > max && _order.Last is { } oldest)
            {
                _order.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
        }
    }
}
