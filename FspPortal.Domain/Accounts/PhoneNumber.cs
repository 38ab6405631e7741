namespace FspPortal.Domain.Accounts;

/// <summary>
/// A UK phone number as people type it: spaces, brackets, dashes, a leading +44 and an extension are allowed.
/// Stored normalised (E.164-like digits, "x" before an extension) and shown readably.
/// </summary>
public static class PhoneNumber
{
    private const int MaxDigits = 15;

    /// <summary>Normalises <paramref name="input"/>, or returns null with a reason when it is not a phone number.</summary>
    public static bool TryNormalise(string? input, out string normalised, out string? error)
    {
        normalised = "";
        error = null;
        if (string.IsNullOrWhiteSpace(input)) { error = "Enter a phone number."; return false; }

        var text = input.Trim();
        string? extension = null;
        var extAt = IndexOfExtension(text, out var extLength);
        if (extAt >= 0)
        {
            extension = new string(text[(extAt + extLength)..].Where(char.IsDigit).ToArray());
            if (extension.Length == 0 || text[(extAt + extLength)..].Any(c => !char.IsDigit(c) && !char.IsWhiteSpace(c) && c != '.'))
            { error = "The extension must be digits, e.g. 023 9268 8000 ext. 123."; return false; }
            text = text[..extAt];
        }

        var international = text.StartsWith('+');
        var body = international ? text[1..] : text;
        if (body.Any(c => !char.IsDigit(c) && c is not (' ' or '-' or '(' or ')')))
        { error = "A phone number may hold digits, spaces, a leading + and an extension only."; return false; }

        var digits = new string(body.Where(char.IsDigit).ToArray());
        if (international)
        {
            if (digits.StartsWith("44")) digits = "0" + digits[2..];
            else { normalised = "+" + digits; return Finish(ref normalised, extension, digits.Length, out error); }
        }
        if (!digits.StartsWith('0') || digits.Length is < 10 or > 11)
        { error = "Enter a UK number with its area code, e.g. 023 9268 8000, or an international one starting with +."; return false; }

        normalised = "+44" + digits[1..];
        return Finish(ref normalised, extension, digits.Length, out error);
    }

    private static bool Finish(ref string normalised, string? extension, int digitCount, out string? error)
    {
        error = null;
        if (digitCount > MaxDigits) { error = "That phone number has too many digits."; normalised = ""; return false; }
        if (extension is not null) normalised += "x" + extension;
        return true;
    }

    private static int IndexOfExtension(string text, out int length)
    {
        foreach (var marker in new[] { "extension", "ext.", "ext", "x" })
        {
            var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at > 0) { length = marker.Length; return at; }
        }
        length = 0;
        return -1;
    }

    /// <summary>Shows a normalised number readably: "+442392688000x123" → "023 9268 8000 ext. 123".</summary>
    public static string Display(string? normalised)
    {
        if (string.IsNullOrEmpty(normalised)) return "";
        var parts = normalised.Split('x', 2);
        var number = parts[0];
        string shown;
        if (number.StartsWith("+44"))
        {
            var national = "0" + number[3..];
            shown = national.Length == 11 && (national.StartsWith("02"))
                ? $"{national[..3]} {national[3..7]} {national[7..]}"
                : national.Length == 11 ? $"{national[..5]} {national[5..]}" : national;
        }
        else shown = number;
        return parts.Length == 2 ? $"{shown} ext. {parts[1]}" : shown;
    }
}
