using System.Net;
using System.Text.RegularExpressions;
using AdminChat.Core.Markdown;

namespace AdminChat.Tests.Core.Markdown;

public sealed partial class SafeMarkdownRendererTests
{
    private readonly SafeMarkdownRenderer _renderer = new();

    [GeneratedRegex(@"href\s*=\s*""([^""]*)""|src\s*=\s*""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttribute();

    /// <summary>The URLs of every href and src, as a browser would read them (entities decoded, white space dropped).</summary>
    private static List<string> Urls(string html) =>
        [.. UrlAttribute().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value))
            .Select(u => new string([.. u.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]))];

    [Fact]
    public void ToHtml_ScriptTag_Escaped()
    {
        var html = _renderer.ToHtml("Hi <script>alert(1)</script> there");

        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToHtml_ScriptBlock_Escaped()
    {
        var html = _renderer.ToHtml("<script>\nalert(1)\n</script>\n");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToHtml_ImgWithOnError_NoRawImgTag()
    {
        var html = _renderer.ToHtml("<img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<[^>]*\sonerror\s*=", html);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](JaVa\tScRiPt:alert(1))")]
    [InlineData("[x](<JaVa\tScRiPt:alert(1)>)")]
    [InlineData("[x](&#x6A;avascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![img](javascript:alert(1))")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    public void ToHtml_DangerousLink_NoDangerousUrl(string markdown)
    {
        var html = _renderer.ToHtml(markdown);

        foreach (var url in Urls(html))
        {
            Assert.DoesNotMatch("(?i)^(javascript|vbscript|data):", url);
        }
    }

    [Fact]
    public void ToHtml_JavascriptLink_HrefReplacedWithHash()
    {
        var html = _renderer.ToHtml("[click](javascript:alert(1))");

        Assert.Equal(["#"], Urls(html));
        Assert.Contains(">click</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[site](http://example.com/a)", "http://example.com/a")]
    [InlineData("[site](https://example.com/a?b=1#c)", "https://example.com/a?b=1#c")]
    [InlineData("[mail](mailto:admin@example.com)", "mailto:admin@example.com")]
    [InlineData("[rel](/dashboard/usage)", "/dashboard/usage")]
    [InlineData("[rel](docs/readme.md)", "docs/readme.md")]
    [InlineData("[anchor](#top)", "#top")]
    [InlineData("<https://example.com>", "https://example.com")]
    public void ToHtml_SafeLink_Kept(string markdown, string url)
    {
        var html = _renderer.ToHtml(markdown);

        Assert.Equal([url], Urls(html));
    }

    [Fact]
    public void ToHtml_FencedCodeBlock_RenderedAsPreCodeWithEscapedContent()
    {
        var html = _renderer.ToHtml("```csharp\nif (a < b && c)\n{\n    return \"<b>\";\n}\n```\n");

        Assert.Contains("<pre><code class=\"language-csharp\">", html, StringComparison.Ordinal);
        Assert.Contains("if (a &lt; b &amp;&amp; c)", html, StringComparison.Ordinal);
        Assert.Contains("    return &quot;&lt;b&gt;&quot;;", html, StringComparison.Ordinal);
        Assert.Contains("</code></pre>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_ArabicMarkdown_RenderedWithStructure()
    {
        var html = _renderer.ToHtml("### الخطوة 1\n\n1. راقب **المئينات**\n- نقطة");

        Assert.Contains("<h3", html, StringComparison.Ordinal);
        Assert.Contains("<strong>المئينات</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<ol>", html, StringComparison.Ordinal);
        Assert.Contains("<ul>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("java\nscript:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("HTTPS://example.com", true)]
    [InlineData("/path:with-colon", true)]
    [InlineData("", true)]
    public void IsSafeUrl_Url_Judged(string url, bool safe)
    {
        Assert.Equal(safe, SafeMarkdownRenderer.IsSafeUrl(url));
    }

    private const string Answer =
        "Intro with [a link](javascript:alert(1)) and <b>bold</b>.\n\n### Step 1\n\n1. one\n2. two\n\n- a\n- b\n\n"
        + "```csharp\nvar x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLast paragraph";

    [Fact]
    public void ToHtmlBlocks_Joined_EqualsToHtml()
    {
        var blocks = _renderer.ToHtmlBlocks(Answer);

        Assert.True(blocks.Count >= 6, $"expected one string per block, got {blocks.Count}");
        Assert.Equal(_renderer.ToHtml(Answer), string.Concat(blocks));
        Assert.DoesNotContain("javascript", string.Concat(blocks), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", string.Concat(blocks), StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtmlBlocks_TextAppendedToLastBlock_EarlierBlocksUnchanged()
    {
        var before = _renderer.ToHtmlBlocks(Answer);
        var after = _renderer.ToHtmlBlocks(Answer + " grows as the model writes");

        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Take(before.Count - 1), after.Take(after.Count - 1));
        Assert.NotEqual(before[^1], after[^1]);
    }

    [Fact]
    public void ToHtmlBlocks_Empty_NoBlocks() => Assert.Empty(_renderer.ToHtmlBlocks(string.Empty));
}
