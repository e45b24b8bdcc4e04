using AdminChat.Core.Streaming;

namespace AdminChat.Tests.Core.Streaming;

public sealed class WordChunkBufferTests
{
    /// <summary>Feeds the deltas, taking chunks of <paramref name="words"/> whenever enough are complete, then drains.</summary>
    private static List<string> Drain(IEnumerable<string> deltas, int words)
    {
        var buffer = new WordChunkBuffer();
        var chunks = new List<string>();
        long now = 0;
        foreach (var delta in deltas)
        {
            buffer.Append(delta, now++);
            while (buffer.CompleteWords >= words)
            {
                chunks.Add(buffer.Take(words, out var taken));
                Assert.Equal(words, taken);
            }
        }

        buffer.End();
        while (buffer.CompleteWords > 0)
        {
            chunks.Add(buffer.Take(words, out _));
        }

        if (!buffer.IsEmpty)
        {
            chunks.Add(buffer.TakeRest());
        }

        return chunks;
    }

    public static TheoryData<string[]> Sources => new()
    {
        { ["مرحبا ", "بكم في ", "لوحة الإدارة", "، كيف ", "حالك؟"] },
        { ["Hello ", "مرحبا", " world ", "عالم ", "mixed نص text"] },
        { ["Code:\n\n```csharp\n", "if (x)\n{\n    ", "return   y;\n}\n```\n", "done"] },
        { ["  lead", "ing   spaces\n\n\n", "and\t\ttabs  ", "   "] },
        { ["spl", "it wo", "rd", "s in the mid", "dle"] },
        { ["smile \uD83D", "\uDE00 and \uD83D\uDE00\uD83D", "\uDE03 end"] },
        { [new string('x', 500)] },
        { ["   \n\t  "] },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Take_AnySource_ChunksConcatenateToInputAndSplitOnlyBetweenWords(string[] deltas)
    {
        foreach (var words in new[] { 1, 3, 5 })
        {
            var chunks = Drain(deltas, words);

            Assert.Equal(string.Concat(deltas), string.Concat(chunks));
            ChunkAssert.BoundariesBetweenWords(chunks);
        }
    }

    [Fact]
    public void Take_LongWordWithoutWhiteSpace_IsNotCompleteUntilEnd()
    {
        var buffer = new WordChunkBuffer();
        var word = new string('y', 500);
        buffer.Append(word[..250], 0);
        buffer.Append(word[250..], 1);

        Assert.Equal(0, buffer.CompleteWords);
        Assert.Equal(0L, buffer.OldestWordArrival);
        buffer.End();
        Assert.Equal(1, buffer.CompleteWords);
        Assert.Equal(word, buffer.Take(3, out var taken));
        Assert.Equal(1, taken);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Take_WhiteSpaceTravelsWithFollowingWord()
    {
        var buffer = new WordChunkBuffer();
        buffer.Append("one  two\nthree ", 0);

        Assert.Equal("one", buffer.Take(1, out _));
        Assert.Equal("  two", buffer.Take(1, out _));
        Assert.Equal("\nthree", buffer.Take(1, out _));
        Assert.Equal(0, buffer.CompleteWords);
        Assert.False(buffer.IsEmpty);
    }

    [Fact]
    public void CountWordsArrivedBefore_WordsOfDifferentTimes_CountsOnlyOlderOnes()
    {
        var buffer = new WordChunkBuffer();
        buffer.Append("a b ", 10);
        buffer.Append("c d ", 20);
        buffer.Append("e", 30);

        Assert.Equal(0, buffer.CountWordsArrivedBefore(10));
        Assert.Equal(2, buffer.CountWordsArrivedBefore(11));
        Assert.Equal(4, buffer.CountWordsArrivedBefore(31));
        buffer.End();
        Assert.Equal(5, buffer.CountWordsArrivedBefore(31));
    }
}
