namespace FspPortal.Domain.Accounts;

/// <summary>
/// The portal's password rule (ASVS / NCSC style): long enough, not absurdly long, no composition rules,
/// and not built from the person's own email or name.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    /// <summary>Name parts shorter than this are too common inside ordinary words to refuse ("Al", "Jo").</summary>
    private const int ShortestNamePartChecked = 3;

    /// <summary>Returns the problems with <paramref name="password"/>; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Check(string? password, string? email, string? fullName)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add($"Enter a password of at least {MinimumLength} characters.");
            return problems;
        }

        var length = password.EnumerateRunes().Count();
        if (length < MinimumLength)
            problems.Add($"The password must be at least {MinimumLength} characters long (it has {length}).");
        if (length > MaximumLength)
            problems.Add($"The password must be at most {MaximumLength} characters long (it has {length}).");

        if (ContainsEmail(password, email))
            problems.Add("The password must not contain your email address.");
        else if (ContainsName(password, fullName))
            problems.Add("The password must not contain your name.");

        return problems;
    }

    private static bool ContainsEmail(string password, string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        var trimmed = email.Trim();
        if (password.Contains(trimmed, StringComparison.OrdinalIgnoreCase)) return true;
        var local = trimmed.Split('@')[0];
        return local.Length >= ShortestNamePartChecked && password.Contains(local, StringComparison.OrdinalIgnoreCase);
    }

    private static bool ContainsName(string password, string? fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName)) return false;
        var parts = fullName.Split([' ', '-', '\'', '.'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Any(p => p.Length >= ShortestNamePartChecked && password.Contains(p, StringComparison.OrdinalIgnoreCase));
    }
}
