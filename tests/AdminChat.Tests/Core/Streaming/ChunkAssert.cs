namespace AdminChat.Tests.Core.Streaming;

/// <summary>Checks shared by the chunking tests.</summary>
internal static class ChunkAssert
{
    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>No boundary between two chunks falls inside a word or a surrogate pair.</summary>
    public static void BoundariesBetweenWords(IReadOnlyList<string> chunks)
    {
        var text = string.Concat(chunks);
        var position = 0;
        for (var i = 0; i < chunks.Count - 1; i++)
        {
            position += chunks[i].Length;
            Assert.True(position == text.Length || char.IsWhiteSpace(text[position - 1]) || char.IsWhiteSpace(text[position]),
                $"Chunk {i} ends inside a word: ...{Escape(chunks[i])}|{Escape(chunks[i + 1])}...");
            Assert.False(char.IsHighSurrogate(text[position - 1]), $"Chunk {i} ends inside a surrogate pair.");
        }
    }

    private static string Escape(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal);
}
