using System.Runtime.CompilerServices;
using AdminChat.Core.Providers;

namespace AdminChat.Core.Hybrid;

/// <summary>A cached answer as a provider stream, so it goes through the same chunking as a live one.</summary>
internal static class CachedReplay
{
    public static async IAsyncEnumerable<ChatDelta> DeltasAsync(CachedAnswer answer,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatDelta(answer.Text);
        if (answer.Usage is { } usage)
        {
            yield return ChatDelta.ForUsage(usage);
        }
    }
}
