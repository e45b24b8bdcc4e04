using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.DependencyInjection;

namespace AdminChat.Core.Markdown;

/// <summary>
/// Renders model output, which is untrusted, as HTML that cannot run anything: raw HTML in the markdown is
/// escaped (Markdig's DisableHtml), and links or images whose scheme is not http(s), mailto or relative lose
/// their target. The result is safe to insert as markup.
/// </summary>
public sealed class SafeMarkdownRenderer
{
    private static readonly string[] SafeSchemes = [Uri.UriSchemeHttp, Uri.UriSchemeHttps, Uri.UriSchemeMailto];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .Build();

    public string ToHtml(string markdown) => Parse(markdown).ToHtml(_pipeline);

    /// <summary>
    /// The same HTML as <see cref="ToHtml"/>, one string per top-level block. While an answer streams only its
    /// last block changes, so a view that emits one markup fragment per block sends the browser that block alone
    /// instead of the whole answer on every chunk.
    /// </summary>
    public IReadOnlyList<string> ToHtmlBlocks(string markdown)
    {
        var document = Parse(markdown);
        var blocks = new List<string>(document.Count);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        foreach (var block in document)
        {
            renderer.Render(block);
            renderer.Writer.Flush();
            blocks.Add(writer.ToString());
            writer.GetStringBuilder().Clear();
        }

        return blocks;
    }

    private MarkdownDocument Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdig.Markdown.Parse(markdown, _pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }

        return document;
    }

    internal static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        // Browsers ignore control characters and white space inside a scheme ("java\tscript:"), so judge without them.
        var compact = new string([.. url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]);
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var slash = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true;
        }

        var scheme = compact[..colon];
        return SafeSchemes.Any(s => string.Equals(s, scheme, StringComparison.OrdinalIgnoreCase));
    }
}

public static class MarkdownServiceCollectionExtensions
{
    public static IServiceCollection AddMarkdownRendering(this IServiceCollection services) =>
        services.AddSingleton<SafeMarkdownRenderer>();
}
