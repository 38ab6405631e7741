using System.IO.Compression;
using System.Text;

namespace FspPortal.Web.Features.Documents;

/// <summary>A kind of document the portal accepts: its name, the extensions it may carry and its media type.</summary>
public sealed record DocumentKind(string Name, string ContentType, params string[] Extensions)
{
    /// <summary>The name in a sentence: "a PDF", "an Excel workbook", "plain text".</summary>
    public string InASentence => Name == "Plain text" ? "plain text" : ("AEIOU".Contains(Name[0]) ? "an " : "a ") + Name;
}

/// <summary>
/// What a file is, read from its content (the first bytes, and inside ZIP containers the part that says what they are),
/// never from its name; the name's extension must then agree with the content.
/// </summary>
public static class DocumentTypes
{
    public static readonly DocumentKind Pdf = new("PDF", "application/pdf", ".pdf");
    public static readonly DocumentKind WordOld = new("Word document", "application/msword", ".doc");
    public static readonly DocumentKind ExcelOld = new("Excel workbook", "application/vnd.ms-excel", ".xls");
    public static readonly DocumentKind Word = new("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly DocumentKind Excel = new("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly DocumentKind OdfText = new("ODF text document", "application/vnd.oasis.opendocument.text", ".odt");
    public static readonly DocumentKind OdfSheet = new("ODF spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", ".ods");
    public static readonly DocumentKind OdfSlides = new("ODF presentation", "application/vnd.oasis.opendocument.presentation", ".odp");
    public static readonly DocumentKind Png = new("PNG image", "image/png", ".png");
    public static readonly DocumentKind Jpeg = new("JPEG image", "image/jpeg", ".jpg", ".jpeg");
    public static readonly DocumentKind Gif = new("GIF image", "image/gif", ".gif");
    public static readonly DocumentKind Webp = new("WebP image", "image/webp", ".webp");
    public static readonly DocumentKind Text = new("Plain text", "text/plain", ".txt", ".csv");

    public static readonly IReadOnlyList<DocumentKind> All = [Pdf, WordOld, ExcelOld, Word, Excel, OdfText, OdfSheet, OdfSlides, Png, Jpeg, Gif, Webp, Text];

    /// <summary>For the file picker's filter (a convenience only: the content is what is checked).</summary>
    public static string AcceptAttribute => string.Join(",", All.SelectMany(k => k.Extensions));

    public const string AllowedInWords = "PDF, Word, Excel, ODF (text, spreadsheet, presentation), images (PNG, JPEG, GIF, WebP) or plain text";

    /// <summary>The kind of the file at <paramref name="path"/>, or null when it is none the portal accepts.</summary>
    public static DocumentKind? Detect(string path, string fileName)
    {
        var head = new byte[512];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var bytes = head.AsSpan(0, read);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();

        if (bytes.StartsWith("%PDF-"u8)) return Pdf;
        if (bytes.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Png;
        if (bytes.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return Jpeg;
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8)) return Gif;
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8)) return Webp;
        // The old Office format is one container for both; the extension tells Word from Excel.
        if (bytes.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })) return extension == ".xls" ? ExcelOld : WordOld;
        if (bytes.StartsWith("PK\u0003\u0004"u8)) return Zipped(path);
        return IsText(path) ? Text : null;
    }

    /// <summary>Office Open XML and ODF files are ZIP archives: what is inside says which they are.</summary>
    private static DocumentKind? Zipped(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry("mimetype") is { } mimetype)
            {
                // Read at most a line's worth: the entry may claim to be short and unpack to gigabytes.
                var start = new byte[128];
                using var entry = mimetype.Open();
                var read = entry.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
                var type = Encoding.ASCII.GetString(start, 0, read).Trim();
                return new[] { OdfText, OdfSheet, OdfSlides }.FirstOrDefault(k => k.ContentType == type);
            }
            if (zip.GetEntry("[Content_Types].xml") is null) return null;
            if (zip.Entries.Any(e => e.FullName.StartsWith("word/", StringComparison.Ordinal))) return Word;
            if (zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal))) return Excel;
            return null;
        }
        catch (InvalidDataException)
        {
            return null; // not a readable ZIP after all
        }
    }

    /// <summary>
    /// For a ZIP-based file (Office, ODF): a problem in words when it has more entries, unpacks to more, or is packed
    /// tighter than <paramref name="limits"/> allow (a "ZIP bomb", or a damaged file), else null. Only the archive's
    /// directory is read, never the entries themselves, so the check costs kilobytes whatever the file claims.
    /// </summary>
    public static string? ArchiveProblem(string path, string name, DocumentOptions limits)
    {
        var head = new byte[4];
        using (var stream = File.OpenRead(path))
            if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !head.AsSpan().StartsWith("PK\u0003\u0004"u8)) return null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > limits.MaxArchiveEntries)
                return $"\u201c{name}\u201d cannot be added: it holds {zip.Entries.Count:N0} parts, more than the {limits.MaxArchiveEntries:N0} a document may have. It may be damaged.";
            var unpacked = zip.Entries.Sum(e => e.Length);
            if (unpacked > limits.MaxUnpackedBytes)
                return $"\u201c{name}\u201d cannot be added: it unpacks to {DocumentService.SizeInWords(unpacked)}, more than the {limits.MaxUnpackedMB} MB allowed. It may be damaged or made to harm the portal.";
            var packedTightest = zip.Entries.Where(e => e.Length > 1024 * 1024)
                .Select(e => e.Length / (double)Math.Max(1, e.CompressedLength)).DefaultIfEmpty(1).Max();
            if (packedTightest > limits.MaxCompressionRatio)
                return $"\u201c{name}\u201d cannot be added: part of it is packed {packedTightest:N0} times smaller than it unpacks, more than the {limits.MaxCompressionRatio} times a real document is. It may be made to harm the portal.";
            return null;
        }
        catch (InvalidDataException)
        {
            return null; // not a readable ZIP: Detect says what it is not
        }
    }

    /// <summary>Plain text: valid UTF-8 (which includes ASCII) with no control characters other than tab, CR, LF and form feed.</summary>
    private static bool IsText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) return false;
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { return false; }
        return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f'));
    }

    /// <summary>
    /// A name safe to store and to send back: the last part of any path, without control or reserved characters,
    /// trimmed of dots and spaces, at most 120 characters (the extension kept).
    /// </summary>
    public static string SafeFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var invalid = "<>:\"|?*".ToHashSet();
        var cleaned = new string(last.Where(c => !Domain.Common.CleanText.IsHidden(c) && !char.IsControl(c) && !invalid.Contains(c)).ToArray()).Trim().Trim('.', ' ');
        if (cleaned.Length == 0) cleaned = "document";
        if (cleaned.Length > 120)
        {
            var extension = Path.GetExtension(cleaned);
            if (extension.Length > 10) extension = "";
            cleaned = cleaned[..(120 - extension.Length)].TrimEnd('.', ' ') + extension;
        }
        return cleaned;
    }
}
