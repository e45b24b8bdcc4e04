using System.Text;

namespace AdminChat.Core.Providers;

/// <summary>
/// Composes answers that look like a real model's (a paragraph, a list, a code block, a closing note)
/// so that everything downstream of the model — chunking, markdown, scrolling — is exercised without a key.
/// </summary>
internal static class SimulatedAnswers
{
    private static readonly string[] LongRequestMarkers =
        ["long", "detail", "in depth", "essay", "thorough", "مفصل", "بالتفصيل", "مطول", "شرحا وافيا"];

    public static bool IsArabic(string text) => text.Any(c => c is >= '\u0600' and <= '\u06FF');

    public static string Compose(string question)
    {
        var arabic = IsArabic(question);
        var topic = Topic(question, arabic);
        var sections = LongRequestMarkers.Any(m => question.Contains(m, StringComparison.OrdinalIgnoreCase)) ? 6 : 1;
        var builder = new StringBuilder();
        builder.Append(arabic ? ArabicOpening(topic) : EnglishOpening(topic)).Append("\n\n");
        for (var i = 1; i <= sections; i++)
        {
            builder.Append(arabic ? ArabicSection(i) : EnglishSection(i)).Append("\n\n");
        }

        builder.Append(arabic ? ArabicCode : EnglishCode).Append("\n\n");
        builder.Append(arabic
            ? "هذه إجابة من **النموذج المحاكى**؛ اضبط مزوّدًا حقيقيًا للحصول على إجابات فعلية."
            : "This answer comes from the **simulated model**; configure a real provider for real answers.");
        return builder.ToString();
    }

    private static string Topic(string question, bool arabic)
    {
        var trimmed = question.Trim().TrimEnd('?', '؟', '.', '!');
        if (trimmed.Length > 60)
        {
            trimmed = trimmed[..60].TrimEnd() + "…";
        }

        return trimmed.Length == 0 ? (arabic ? "سؤالك" : "your question") : trimmed;
    }

    private static string EnglishOpening(string topic) =>
        $"Here is a short overview of *{topic}*. An administrator usually wants three things from it: "
        + "what is happening now, what changed recently, and what to do next.";

    private static string ArabicOpening(string topic) =>
        $"إليك نظرة عامة موجزة حول *{topic}*. عادةً ما يريد المسؤول ثلاثة أشياء: "
        + "ما يحدث الآن، وما الذي تغيّر مؤخرًا، وما الخطوة التالية.";

    private static string EnglishSection(int index) =>
        $"### Step {index}: check the basics\n\n"
        + "1. Look at the **latency percentiles** for the last hour, not just the average.\n"
        + "2. Compare the error rate with yesterday's at the same time of day.\n"
        + "3. Confirm that every provider key is valid and has credit left.\n\n"
        + "- If the P95 time to first token is above one second, route simple questions to a faster tier.\n"
        + "- If errors cluster on one provider, enable a fallback provider and check its status page.\n\n"
        + "Small, measured changes are easier to judge than several changes made at once, "
        + "so change one setting, wait for enough requests, and read the figures again.";

    private static string ArabicSection(int index) =>
        $"### الخطوة {index}: تحقّق من الأساسيات\n\n"
        + "1. راقب **مئينات زمن الاستجابة** خلال الساعة الأخيرة، وليس المتوسط فقط.\n"
        + "2. قارن معدل الأخطاء بمعدل الأمس في الوقت نفسه من اليوم.\n"
        + "3. تأكد من أن كل مفتاح لدى المزوّدين صالح وأن لديه رصيدًا كافيًا.\n\n"
        + "- إذا تجاوز زمن أول رمز عند المئين 95 ثانية واحدة، فوجّه الأسئلة البسيطة إلى فئة أسرع.\n"
        + "- إذا تركّزت الأخطاء على مزوّد واحد، ففعّل مزوّدًا احتياطيًا وراجع صفحة حالته.\n\n"
        + "التغييرات الصغيرة المقاسة أسهل في التقييم من عدة تغييرات دفعة واحدة، "
        + "لذا غيّر إعدادًا واحدًا، وانتظر عددًا كافيًا من الطلبات، ثم اقرأ الأرقام من جديد.";

    private const string EnglishCode =
        "For example, a quick check of the recent figures:\n\n"
        + "```csharp\nvar p95 = metrics.Percentile(0.95, window: TimeSpan.FromHours(1));\n"
        + "if (p95 > TimeSpan.FromSeconds(1))\n{\n    logger.LogWarning(\"P95 TTFT is {P95} ms\", p95.TotalMilliseconds);\n}\n```";

    private const string ArabicCode =
        "على سبيل المثال، فحص سريع للأرقام الأخيرة:\n\n"
        + "```csharp\nvar p95 = metrics.Percentile(0.95, window: TimeSpan.FromHours(1));\n"
        + "if (p95 > TimeSpan.FromSeconds(1))\n{\n    logger.LogWarning(\"P95 TTFT is {P95} ms\", p95.TotalMilliseconds);\n}\n```";
}
