using PdfSharp.Fonts;

namespace FspPortal.Web.Features.Print;

/// <summary>
/// Where the PDF's fonts come from (PDFsharp on Linux has none of its own): a folder named in settings
/// (<c>Pdf:FontFolder</c>, holding a regular and a bold .ttf), then the machine's DejaVu Sans or Liberation Sans
/// (Linux) or Arial (Windows); every one of them covers the accented letters in people's names (é, ł, ñ, ö …).
/// With none of those, the fonts inside the PDFsharp package, so the first download never fails for want of a font.
/// Every family the PDF asks for maps to the one face found; fonts are embedded (subset) in the PDF.
/// </summary>
public sealed class PortalFontResolver : IFontResolver
{
    private const string Regular = "PortalSans", Bold = "PortalSans-Bold";
    private readonly (string Regular, string Bold)? files;
    private readonly IFontResolver fallback = new PdfSharp.Snippets.Font.FailsafeFontResolver();

    public PortalFontResolver(string? configuredFolder)
    {
        foreach (var pair in Candidates(configuredFolder))
        {
            if (!File.Exists(pair.Regular) || !File.Exists(pair.Bold)) continue;
            files = pair;
            break;
        }
    }

    /// <summary>The regular font file in use, or null when PDFsharp's own fallback fonts are used.</summary>
    public string? RegularFontFile => files?.Regular;

    private static IEnumerable<(string Regular, string Bold)> Candidates(string? configuredFolder)
    {
        if (!string.IsNullOrWhiteSpace(configuredFolder) && Directory.Exists(configuredFolder))
        {
            var ttf = Directory.GetFiles(configuredFolder, "*.ttf").OrderBy(f => f.Length).ToList();
            var bold = ttf.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f).Contains("bold", StringComparison.OrdinalIgnoreCase));
            var regular = ttf.FirstOrDefault(f => f != bold && !Path.GetFileNameWithoutExtension(f).Contains("italic", StringComparison.OrdinalIgnoreCase)
                && !Path.GetFileNameWithoutExtension(f).Contains("oblique", StringComparison.OrdinalIgnoreCase));
            if (regular is not null) yield return (regular, bold ?? regular);
        }
        foreach (var root in new[] { "/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts" })
        {
            yield return (Path.Combine(root, "dejavu", "DejaVuSans.ttf"), Path.Combine(root, "dejavu", "DejaVuSans-Bold.ttf"));
            yield return (Path.Combine(root, "liberation", "LiberationSans-Regular.ttf"), Path.Combine(root, "liberation", "LiberationSans-Bold.ttf"));
        }
        var windows = Environment.GetFolderPath(Environment.SpecialFolder.Fonts);
        if (!string.IsNullOrEmpty(windows)) yield return (Path.Combine(windows, "arial.ttf"), Path.Combine(windows, "arialbd.ttf"));
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        files is null
            ? fallback.ResolveTypeface(familyName, isBold, isItalic)
            : new FontResolverInfo(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        Regular when files is { } f => File.ReadAllBytes(f.Regular),
        Bold when files is { } f => File.ReadAllBytes(f.Bold),
        _ => fallback.GetFont(faceName),
    };
}
