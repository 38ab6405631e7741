using System.Text.RegularExpressions;
using PhoneNumbers;
using ParsedNumber = PhoneNumbers.PhoneNumber;

namespace FspPortal.Domain.Accounts;

/// <summary>
/// Phone numbers as councils print them — "+44 (0)23 9268 1234 ext 12", "023 9268 1234", "0113 496 0000", mobiles,
/// other countries with "+" — read, checked and formatted by Google's libphonenumber (UK unless a "+" says otherwise).
/// Stored as E.164 with "x" before an extension ("+442392681234x12"); shown in UK national format ("023 9268 1234 ext. 12")
/// or, for other countries, international format ("+33 1 23 45 67 89").
/// </summary>
public static partial class PhoneNumber
{
    private const string Region = "GB";
    private const int MaxExtensionDigits = 6;
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    [GeneratedRegex(@"\s*[,;]?\s*(?:extension|ext\.?|x|#)\s*(?<ext>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ExtensionPart();

    [GeneratedRegex(@"^[0-9\s\-\.\(\)/+]*$")]
    private static partial Regex NumberCharacters();

    /// <summary>Normalises <paramref name="input"/>, or returns false with a sentence saying what is wrong.</summary>
    public static bool TryNormalise(string? input, out string normalised, out string? error)
    {
        normalised = "";
        error = null;
        if (string.IsNullOrWhiteSpace(input)) { error = "Enter a phone number."; return false; }

        var text = input.Trim();
        string? extension = null;
        var ext = ExtensionPart().Match(text);
        if (ext.Success && ext.Index > 0)
        {
            extension = ext.Groups["ext"].Value.Trim().TrimEnd('.');
            if (extension.Length == 0 || !extension.All(char.IsAsciiDigit))
            { error = "The extension must be digits, e.g. 023 9268 8000 ext 123."; return false; }
            if (extension.Length > MaxExtensionDigits)
            { error = $"The extension has {extension.Length} digits; an extension has at most {MaxExtensionDigits}."; return false; }
            text = text[..ext.Index];
        }
        // "(0)" is how UK numbers are printed after +44 ("+44 (0)23 …"): the 0 is not dialled from abroad.
        text = text.Replace("(0)", " ");
        if (!NumberCharacters().IsMatch(text) || !text.Any(char.IsAsciiDigit) || text.LastIndexOf('+') > 0)
        { error = "A phone number may hold digits, spaces, brackets, dashes, a leading + and an extension (ext 12) only."; return false; }

        ParsedNumber number;
        try
        {
            number = Numbers.Parse(text, Region);
        }
        catch (NumberParseException e)
        {
            error = e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "The country code after + is not one in use (the UK's is +44).",
                ErrorType.TOO_LONG => "That phone number has too many digits.",
                _ => "That phone number is too short: UK numbers have 10 or 11 digits with the area code, e.g. 023 9268 8000.",
            };
            return false;
        }

        var uk = number.CountryCode == 44;
        switch (Numbers.IsPossibleNumberWithReason(number))
        {
            case PhoneNumberUtil.ValidationResult.TOO_SHORT:
                error = uk ? "That phone number is too short: UK numbers have 10 or 11 digits with the area code, e.g. 023 9268 8000."
                           : "That phone number is too short for its country.";
                return false;
            case PhoneNumberUtil.ValidationResult.TOO_LONG:
                error = uk ? "That phone number is too long: UK numbers have 10 or 11 digits with the area code, e.g. 023 9268 8000."
                           : "That phone number is too long for its country.";
                return false;
            case PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
                error = "That phone number is too short: include the area code, e.g. 023 9268 8000.";
                return false;
            case PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE:
                error = "The country code after + is not one in use (the UK's is +44).";
                return false;
            case PhoneNumberUtil.ValidationResult.INVALID_LENGTH:
                error = "That phone number has the wrong number of digits for its country.";
                return false;
        }
        var digits = number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (uk && digits.Length < 9)
        { error = "That phone number is too short: UK numbers have 10 or 11 digits with the area code, e.g. 023 9268 8000."; return false; }
        if (!Numbers.IsValidNumber(number) && !(uk && IsDramaNumber(digits)))
        {
            error = uk ? "That is not a UK phone number in use: no UK number starts like that. Check the digits."
                       : "That is not a phone number in use in its country. Check the digits.";
            return false;
        }

        normalised = Numbers.Format(number, PhoneNumberFormat.E164) + (extension is null ? "" : "x" + extension);
        return true;
    }

    /// <summary>
    /// Ofcom's ranges reserved for drama and training ("07700 900123", "01632 960123", "020 7946 0123"…): never anyone's
    /// real number, so safe in training and demonstrations, and accepted although libphonenumber calls them unallocated.
    /// </summary>
    private static bool IsDramaNumber(string nationalDigits) =>
        DramaRanges.Any(prefix => nationalDigits.Length == 10 && nationalDigits.StartsWith(prefix, StringComparison.Ordinal));

    private static readonly string[] DramaRanges =
    [
        "7700900", "1632960", "2079460", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960", "1314960",
        "1414960", "1514960", "1614960", "1914980", "2890180", "2920180", "8081570", "9098790", "3069990",
    ];

    /// <summary>Shows a stored number: "+442392688000x123" → "023 9268 8000 ext. 123"; other countries in international format.</summary>
    public static string Display(string? normalised)
    {
        if (string.IsNullOrEmpty(normalised)) return "";
        var parts = normalised.Split('x', 2);
        try
        {
            var number = Numbers.Parse(parts[0], Region);
            var shown = Numbers.Format(number, number.CountryCode == 44 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
            return parts.Length == 2 ? $"{shown} ext. {parts[1]}" : shown;
        }
        catch (NumberParseException)
        {
            return normalised; // stored before numbers were checked: shown as it was typed
        }
    }
}
