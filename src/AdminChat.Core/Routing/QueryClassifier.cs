using System.Text.RegularExpressions;
using AdminChat.Core.Providers;

namespace AdminChat.Core.Routing;

/// <summary>Why a question went to its tier; the UI shows each one in the person's language.</summary>
public enum RoutingReason
{
    Greeting,
    ShortFactual,
    HowTo,
    Code,
    Maths,
    Analytical,
    MultiStep,
    LongQuestion,
    DeepConversation,
    ExplicitDepth,
    Escalated,
    Budget,
    Picked,
}

/// <summary>The classifier's verdict: the tier, the score it came from and the reasons, most telling first.</summary>
public sealed record Classification(ModelTier Tier, int Score, IReadOnlyList<RoutingReason> Reasons);

/// <summary>
/// A fast, deterministic estimate of how hard a question is, from features a person would notice: its length,
/// code, maths, analytical or multi-step wording (English and Arabic), explicit requests for depth and how deep
/// the conversation already is. Points add up to a score; the score picks the tier. No model is called.
/// The rules were tuned on the <c>train</c> rows of tests/AdminChat.Tests/Core/Routing/labelled-questions.tsv only.
/// </summary>
public static partial class QueryClassifier
{
    public const int SmartFrom = 2;
    public const int GeniusFrom = 5;

    public static Classification Classify(string question, IReadOnlyList<ChatTurn>? history = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = question.Trim();
        var lower = text.ToLowerInvariant();
        var words = WordRegex().Count(text);
        // Arabic packs articles, prepositions and pronouns into its words: the same content takes fewer of them.
        var lengthWords = ArabicRegex().IsMatch(text) ? words * 4 / 3 : words;
        var reasons = new List<RoutingReason>();
        var score = 0;

        if (words <= 6 && GreetingRegex().IsMatch(lower))
        {
            return new Classification(ModelTier.Nano, 0, [RoutingReason.Greeting]);
        }

        if (CodeRegex().IsMatch(text) || CodeRequestRegex().IsMatch(lower))
        {
            score += 2;
            reasons.Add(RoutingReason.Code);
        }

        var maths = MathsRegex().Count(lower) + (ArithmeticRegex().IsMatch(text) ? 1 : 0);
        if (maths > 0)
        {
            score += maths >= 3 ? 2 : 1;
            reasons.Add(RoutingReason.Maths);
        }

        var analytical = AnalyticalRegex().Count(lower) + StrongAnalyticalRegex().Count(lower) * 2;
        if (analytical > 0)
        {
            score += Math.Min(analytical, 3);
            reasons.Add(RoutingReason.Analytical);
        }

        var steps = MultiStepRegex().Count(lower);
        if (steps > 0)
        {
            score += Math.Min(steps, 2);
            reasons.Add(RoutingReason.MultiStep);
        }

        if (DepthRegex().IsMatch(lower))
        {
            score += 2;
            reasons.Add(RoutingReason.ExplicitDepth);
        }

        var lengthPoints = lengthWords switch { > 40 => 2, > 22 => 1, _ => 0 };
        if (lengthPoints > 0)
        {
            score += lengthPoints;
            reasons.Add(RoutingReason.LongQuestion);
        }

        // Many items in one question (lists separated by commas) usually mean many things to weigh.
        if (SeparatorRegex().Count(text) >= 4)
        {
            score += 1;
        }

        var userTurns = history?.Count(t => t.Role == ChatRole.User) ?? 0;
        if (userTurns >= 6)
        {
            score += 1;
            reasons.Add(RoutingReason.DeepConversation);
        }

        if (score >= GeniusFrom)
        {
            return new Classification(ModelTier.Genius, score, reasons);
        }

        if (score >= SmartFrom)
        {
            return new Classification(ModelTier.Smart, score, reasons);
        }

        var howTo = HowToRegex().IsMatch(lower);
        if (score == 0 && !howTo && words <= 8 && !TaskRegex().IsMatch(lower))
        {
            return new Classification(ModelTier.Nano, 0, [RoutingReason.ShortFactual]);
        }

        if (reasons.Count == 0)
        {
            reasons.Add(howTo ? RoutingReason.HowTo : RoutingReason.ShortFactual);
        }

        return new Classification(ModelTier.Fast, score, reasons);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"^(hi|hello|hey|thanks|thank you|ok|okay|yes|no|good (morning|evening|afternoon)|مرحبا|أهلا|اهلا|شكرا|السلام عليكم|صباح الخير|مساء الخير|تمام|نعم|لا)\b")]
    private static partial Regex GreetingRegex();

    [GeneratedRegex(@"```|\b(select|insert|update|delete)\b.+\b(from|into|set|where)\b|[{};]\s*$|=>|\w+\(\)|\b(exception|stack trace|traceback|segfault)\b|\w+\.\w+Exception", RegexOptions.IgnoreCase)]
    private static partial Regex CodeRegex();

    [GeneratedRegex(@"\b(write|create|give me)\b.{0,20}\b(sql|query|script|regex|function|method|class|bash|powershell|python|c#|code|program)\b|اكتب (استعلام|سكربت|سكريبت|دالة|كود|برنامج)|\b(debug|refactor|implementation)\b|صحح")]
    private static partial Regex CodeRequestRegex();

    [GeneratedRegex(@"\b(calculate|compute|estimate|forecast|probability|percentile|average|growth rate|equation|prove|formula|statistic\w*|maths?)\b|احسب|تقدير|توقع|معادل|احتمال|متوسط|المئين|نسبة")]
    private static partial Regex MathsRegex();

    [GeneratedRegex(@"\d[\d.,]*\s*(%|[-+*/x×^])\s*\d|\$\d")]
    private static partial Regex ArithmeticRegex();

    [GeneratedRegex(@"\b(why|architecture|evaluate|assess|recommend\w*|justify|justification|weakness\w*|risks?|threat|strategy|should we|think (through|carefully)|review|model|interact\w*)\b|لماذا|تحليل|بنية|قيّم|أوصِ|نقاط الضعف|المخاطر|استراتيجية|فكر|راجع|نموذج|تتفاعل")]
    private static partial Regex AnalyticalRegex();

    // Wording that by itself asks for weighing several things against each other.
    [GeneratedRegex(@"\b(explain|compare|comparison|analy[sz]e|analysis|trade-?offs?|pros and cons|design|root cause|plan)\b|اشرح|قارن|حلل|المفاضلة|مزايا وعيوب|صمم|السبب الجذري|خطة")]
    private static partial Regex StrongAnalyticalRegex();

    [GeneratedRegex(@"\p{IsArabic}")]
    private static partial Regex ArabicRegex();

    [GeneratedRegex(@"\b(step[- ]by[- ]step|steps|phased?|migrat\w+|roll ?out|then|investigation|workflow|schedule)\b|خطوة بخطوة|خطوات|مراحل|نقل|ثم|جدول")]
    private static partial Regex MultiStepRegex();

    [GeneratedRegex(@"\b(in detail|detailed|in depth|deep (dive|analysis)|thorough\w*|comprehensive|complete|full|rigorous|with the maths|production-ready|show the working|prove|counterexample)\b|بالتفصيل|مفصل|تفصيلية|بعمق|معمق|شامل|كامل|أدق|بعناية|خطوات الحل")]
    private static partial Regex DepthRegex();

    [GeneratedRegex(@"\b(how (do|can|should) (i|we)|how to|what('s| is) the difference)\b|^كيف|ما الفرق")]
    private static partial Regex HowToRegex();

    [GeneratedRegex(@"\b(write|draft|rewrite|summari[sz]e|list|give me|suggest)\b|اكتب|أعد صياغة|لخص|اذكر|اقترح")]
    private static partial Regex TaskRegex();

    [GeneratedRegex(@"[,،:]")]
    private static partial Regex SeparatorRegex();
}
