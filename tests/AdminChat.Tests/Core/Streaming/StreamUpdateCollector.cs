using System.Text;
using AdminChat.Core.Streaming;

namespace AdminChat.Tests.Core.Streaming;

public static class StreamUpdateCollector
{
    /// <summary>Reads a whole answer as the chat does: the text of its chunks, how many there were, and the final record.</summary>
    public static async Task<(string Text, int Chunks, StreamRecord Record)> CollectAsync(this IAsyncEnumerable<StreamUpdate> updates)
    {
        var text = new StringBuilder();
        var chunks = 0;
        StreamRecord? record = null;
        await foreach (var update in updates.WithCancellation(CancellationToken.None))
        {
            if (update.Completed is { } completed)
            {
                record = completed;
            }
            else
            {
                chunks++;
                text.Append(update.Chunk.Text);
            }
        }

        return (text.ToString(), chunks, record ?? throw new InvalidOperationException("The stream ended without its record."));
    }
}
