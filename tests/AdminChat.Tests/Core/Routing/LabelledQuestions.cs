using AdminChat.Core.Routing;

namespace AdminChat.Tests.Core.Routing;

/// <summary>One row of labelled-questions.tsv: the tier a careful person would choose for a realistic admin question.</summary>
public sealed record LabelledQuestion(int Id, string Split, ModelTier Tier, string Language, string Question)
{
    public static IReadOnlyList<LabelledQuestion> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Core", "Routing", "labelled-questions.tsv");
        return [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split('\t');
            return new LabelledQuestion(int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), cells[1],
                Enum.Parse<ModelTier>(cells[2]), cells[3], cells[4]);
        })];
    }
}
