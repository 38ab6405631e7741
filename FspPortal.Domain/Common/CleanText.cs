namespace FspPortal.Domain.Common;

/// <summary>
/// Text as people meant it: NUL and other control characters (tabs and line breaks aside), and the invisible characters
/// that reorder or hide text (bidirectional overrides and isolates, zero-width spaces, word joiners, byte-order marks),
/// are removed, so a name cannot display as something else. Letters of every script are kept, and so are the
/// zero-width joiner and non-joiner that Persian, Indic scripts and emoji need.
/// </summary>
public static class CleanText
{
    public static bool IsHidden(char c) =>
        (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
        || c is '\u200B' or '\u200E' or '\u200F' or '\u061C' or '\u180E' or '\uFEFF'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2060' and <= '\u2064'
        || c is >= '\u2066' and <= '\u2069';

    /// <summary>The text without hidden characters, trimmed (null stays null): how names and typed text are stored.</summary>
    public static string? StripAndTrim(string? text) => Strip(text)?.Trim();

    /// <summary>The text without hidden characters (null stays null).</summary>
    public static string? Strip(string? text) =>
        text is null || !text.Any(IsHidden) ? text : new string(text.Where(c => !IsHidden(c)).ToArray());
}
