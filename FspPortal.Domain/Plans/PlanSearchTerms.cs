using System.Globalization;
using System.Text;

namespace FspPortal.Domain.Plans;

/// <summary>
/// How names are made comparable for search: lower case, accents removed (Ó→o, é→e), letters that do not decompose
/// spelled plainly (Ł→l, ø→o, ß→ss, æ→ae), every apostrophe written ' and every dash written -. "Siobhán Ó'Connor"
/// and "siobhan o’connor" fold to the same text.
/// </summary>
public static class SearchFolding
{
    /// <summary>Terms are stored (and searched) up to this many characters.</summary>
    public const int MaxTermLength = 60;

    private static readonly Dictionary<char, string> Plain = new()
    {
        ['ł'] = "l", ['ø'] = "o", ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe",
        ['ı'] = "i", ['ħ'] = "h", ['ŀ'] = "l", ['ŧ'] = "t",
        // Apostrophes as keyboards, phones and word processors type them.
        ['’'] = "'", ['‘'] = "'", ['ʼ'] = "'", ['`'] = "'", ['´'] = "'", ['′'] = "'", ['＇'] = "'",
        // Dashes and hyphens.
        ['‐'] = "-", ['‑'] = "-", ['‒'] = "-", ['–'] = "-", ['—'] = "-", ['−'] = "-",
    };

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormKD).ToLowerInvariant();
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (Plain.TryGetValue(c, out var plain)) folded.Append(plain);
            else folded.Append(c);
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The words of a folded text: runs of letters and digits, with the apostrophes and dashes inside a name ("o'connor", "jones-patel").</summary>
    public static IEnumerable<string> Words(string? text)
    {
        var folded = Fold(text);
        var word = new StringBuilder();
        foreach (var c in folded.Append(' '))
        {
            if (char.IsLetterOrDigit(c) || c is '\'' or '-') { word.Append(c); continue; }
            var w = word.ToString().Trim('\'', '-');
            word.Clear();
            if (w.Length > 0) yield return w.Length > MaxTermLength ? w[..MaxTermLength] : w;
        }
    }

    /// <summary>
    /// The words a search is made of: each must be the start of one of a plan's terms. Duplicates and words that are
    /// the start of another word of the same search are dropped (they narrow nothing).
    /// </summary>
    public static IReadOnlyList<string> QueryWords(string? text)
    {
        var words = Words(text).Distinct().ToList();
        return words.Where(w => !words.Any(other => other != w && other.StartsWith(w, StringComparison.Ordinal))).ToList();
    }
}

/// <summary>
/// The search terms of a plan: every name a practitioner might remember it by — each focus child's and family member's
/// names, the parents' and carers', the family name — plus the postcode (whole, and its two halves) and dates of birth.
/// A name with an apostrophe or dash gives its parts and its letters run together too, so "O'Connor" is found by
/// "o'connor", "oconnor" and "connor". Search matches the start of a term, so a term list replaces a scan of every name.
/// </summary>
public static class PlanSearchTerms
{
    /// <summary>
    /// Raised whenever the rules below change, or storage derives a new column from a plan, so stored plans are written
    /// again once on start. 2: the retention columns (clock start, youngest child) and the structured "do not share with".
    /// 3: the plan's agency and its needs' rows (outcomes).
    /// </summary>
    public const int Version = 3;

    // Never the start of a search word (those begin with a letter or digit), so only a date search reaches these.
    private const string DatePrefix = "#";

    public static string DateTerm(DateOnly date) => DatePrefix + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IReadOnlySet<string> For(PlanState plan)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        void Names(string? text)
        {
            foreach (var word in SearchFolding.Words(text))
            {
                terms.Add(word);
                if (word.IndexOfAny(['\'', '-']) < 0) continue;
                foreach (var part in word.Split('\'', '-', StringSplitOptions.RemoveEmptyEntries)) terms.Add(part);
                terms.Add(word.Replace("'", "").Replace("-", ""));
            }
        }

        Names(plan.Child.FirstName);
        Names(plan.Child.LastName);
        Names(plan.FamilyName);
        Names(plan.MainParent?.Name);
        Names(plan.SecondParent?.Name);
        foreach (var member in plan.FamilyMembers)
        {
            Names(member.Name);
            if (member.DateOfBirth is { } born) terms.Add(DateTerm(born));
        }
        if (plan.Child.DateOfBirth is { } dob) terms.Add(DateTerm(dob));

        var postcode = new string(SearchFolding.Fold(plan.Child.Address.Postcode).Where(char.IsLetterOrDigit).ToArray());
        if (postcode.Length > 0)
        {
            terms.Add(postcode[..Math.Min(postcode.Length, SearchFolding.MaxTermLength)]);
            // UK postcodes end with a three-character inward code: "po1 2ab" is found by "po1" and "2ab" as well.
            if (postcode.Length is >= 5 and <= 7) { terms.Add(postcode[..^3]); terms.Add(postcode[^3..]); }
        }
        return terms;
    }
}
