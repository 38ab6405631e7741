using System.Text.RegularExpressions;

namespace FspPortal.Tests.Support;

/// <summary>
/// Checks on a served page's HTML that must not be fooled by its opaque tokens: Blazor's component markers and the
/// antiforgery field are long base64 strings, and one of them once held "Owen" by chance.
/// </summary>
public static partial class PageBody
{
    /// <summary>Fails when <paramref name="word"/> appears in the page as a word of its own, outside comments and hidden fields.</summary>
    public static void DoesNotShow(string word, string html)
    {
        var readable = WithoutOpaqueTokens(html);
        Assert.False(Regex.IsMatch(readable, $@"\b{Regex.Escape(word)}\b"), $"The page shows \"{word}\".");
    }

    /// <summary>The page without HTML comments (where component markers live) and without hidden inputs' values.</summary>
    public static string WithoutOpaqueTokens(string html) =>
        HiddenInput().Replace(Comment().Replace(html, ""), "<input type=\"hidden\">");

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
