using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace FspPortal.Web.Features.Print;

/// <summary>
/// Draws a <see cref="Printout"/> as an A4 PDF with PDFsharp: headings, label/value facts, paragraphs, lists, tables
/// whose rows break across pages (the header row repeated), the marking and reference at the top of every page and
/// "Page n of m" at the bottom. Text is wrapped, never cut.
/// </summary>
public sealed class PdfRenderer
{
    private const string Family = "PortalSans"; // every family name resolves to the portal's font (PortalFontResolver)
    private const double Margin = 48, HeaderTop = 22, ContentTop = 60, ContentBottom = 842 - 50, PageWidth = 595, PageHeight = 842;
    private const double LineGap = 2.5, CellPad = 4;

    private static readonly object FontSetup = new();
    private static bool fontsSet;

    private readonly XFont body = new(Family, 9.5, XFontStyleEx.Regular);
    private readonly XFont bold = new(Family, 9.5, XFontStyleEx.Bold);
    private readonly XFont small = new(Family, 8, XFontStyleEx.Regular);
    private readonly XFont title = new(Family, 18, XFontStyleEx.Bold);
    private readonly XFont h2 = new(Family, 13, XFontStyleEx.Bold);
    private readonly XFont h3 = new(Family, 11, XFontStyleEx.Bold);

    private PdfDocument document = default!;
    private XGraphics gfx = default!;
    private double y;

    /// <summary>Sets PDFsharp's font resolver once per process (it must be set before the first font is made).</summary>
    public static void UseFonts(string? fontFolder)
    {
        lock (FontSetup)
        {
            if (fontsSet) return;
            GlobalFontSettings.FontResolver = new PortalFontResolver(fontFolder);
            fontsSet = true;
        }
    }

    public static byte[] Render(Printout printout)
    {
        var renderer = new PdfRenderer();
        return renderer.Draw(printout);
    }

    private double Width => PageWidth - 2 * Margin;

    private byte[] Draw(Printout printout)
    {
        document = new PdfDocument();
        document.Info.Title = printout.Title;
        document.Info.Subject = $"{printout.Marking} – {printout.Reference}";
        NewPage();
        WriteLines(Wrap(printout.Title, title, Width), title, Margin);
        y += 6;
        foreach (var block in printout.Blocks)
        {
            switch (block)
            {
                case PrintHeading h: Heading(h); break;
                case PrintFacts f: Facts(f); break;
                case PrintParagraph p: Paragraph(p.Text); break;
                case PrintList l: foreach (var item in l.Items) Bullet(item); y += 4; break;
                case PrintTable t: Table(t); break;
                case PrintSignatures s: Signatures(s); break;
                case PrintNotice n: Notice(n); break;
            }
        }
        gfx.Dispose();
        Stamp(printout);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The marking and reference at the top, and "Page n of m" at the bottom, of every page.</summary>
    private void Stamp(Printout printout)
    {
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            g.DrawString(printout.Marking, bold, XBrushes.Black, new XRect(Margin, HeaderTop, Width, 12), XStringFormats.TopLeft);
            g.DrawString($"{printout.Title} – {printout.Reference}", small, XBrushes.Black, new XRect(Margin, HeaderTop + 1, Width, 12), XStringFormats.TopRight);
            g.DrawLine(XPens.Gray, Margin, HeaderTop + 16, PageWidth - Margin, HeaderTop + 16);
            g.DrawString($"Page {i + 1} of {count}", small, XBrushes.Black, new XRect(Margin, PageHeight - 34, Width, 12), XStringFormats.TopCenter);
            g.DrawString(printout.Marking, small, XBrushes.Black, new XRect(Margin, PageHeight - 34, Width, 12), XStringFormats.TopLeft);
        }
    }

    private void NewPage()
    {
        gfx?.Dispose();
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        y = ContentTop;
    }

    private void Room(double needed)
    {
        if (y + needed > ContentBottom) NewPage();
    }

    private static double LineHeight(XFont font) => font.Size + LineGap;

    private void Heading(PrintHeading h)
    {
        var font = h.Level <= 2 ? h2 : h3;
        var lines = Wrap(h.Text, font, Width);
        y += h.Level <= 2 ? 10 : 4;
        // A heading never ends a page alone: room for it, a sub-heading that may follow, and a few lines.
        Room(lines.Count * LineHeight(font) + (h.Level <= 2 ? LineHeight(h3) + 16 : 0) + 3 * LineHeight(body));
        WriteLines(lines, font, Margin);
        if (h.Level <= 2)
        {
            gfx.DrawLine(XPens.LightGray, Margin, y + 1, PageWidth - Margin, y + 1);
            y += 4;
        }
        y += 2;
    }

    private void Paragraph(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        WriteLines(Wrap(text, body, Width), body, Margin);
        y += 4;
    }

    private void Bullet(string text)
    {
        var lines = Wrap(text, body, Width - 14);
        Room(LineHeight(body));
        gfx.DrawString("•", body, XBrushes.Black, Margin + 3, y + body.Size);
        WriteLines(lines, body, Margin + 14);
    }

    /// <summary>A heading and its lines in a thick box, kept on one page when it fits.</summary>
    private void Notice(PrintNotice notice)
    {
        const double pad = 8;
        var heading = Wrap(notice.Heading, h3, Width - 2 * pad);
        var lines = notice.Lines.Select(l => Wrap("• " + l, body, Width - 2 * pad)).SelectMany(l => l).ToList();
        var height = heading.Count * LineHeight(h3) + 4 + lines.Count * LineHeight(body) + 2 * pad;
        y += 6;
        // Kept whole on one page when it fits on one; a longer one starts at once, where it is (first page first).
        Room(height <= ContentBottom - ContentTop ? height : heading.Count * LineHeight(h3) + 3 * LineHeight(body) + 2 * pad);
        var (top, page) = (y, document.PageCount);
        y += pad;
        WriteLines(heading, h3, Margin + pad);
        y += 4;
        WriteLines(lines, body, Margin + pad);
        y += pad;
        // A list longer than a page is not boxed (a box cannot span pages); its heading still leads it.
        if (document.PageCount == page) gfx.DrawRectangle(new XPen(XColors.Black, 2), Margin, top, Width, y - top);
        y += 6;
    }

    private void Facts(PrintFacts facts)
    {
        const double labelWidth = 170;
        foreach (var fact in facts.Rows)
        {
            var label = Wrap(fact.Label, bold, labelWidth - 8);
            var value = Wrap(string.IsNullOrWhiteSpace(fact.Value) ? "–" : fact.Value, body, Width - labelWidth);
            var rows = Math.Max(label.Count, value.Count);
            for (var i = 0; i < rows; i++)
            {
                Room(LineHeight(body));
                if (i < label.Count) gfx.DrawString(label[i], bold, XBrushes.Black, Margin, y + body.Size);
                if (i < value.Count) gfx.DrawString(value[i], body, XBrushes.Black, Margin + labelWidth, y + body.Size);
                y += LineHeight(body);
            }
            y += 2;
        }
        y += 2;
    }

    private void Table(PrintTable table)
    {
        var total = table.Widths.Sum();
        var widths = table.Widths.Select(w => w / total * Width).ToArray();
        var header = table.Columns.Select((c, i) => Wrap(c, bold, widths[i] - 2 * CellPad)).ToList();
        var headerHeight = header.Max(h => h.Count) * LineHeight(bold) + 2 * CellPad;

        void DrawHeader()
        {
            var x = Margin;
            gfx.DrawRectangle(XBrushes.Gainsboro, Margin, y, Width, headerHeight);
            for (var c = 0; c < widths.Length; c++)
            {
                for (var l = 0; l < header[c].Count; l++)
                    gfx.DrawString(header[c][l], bold, XBrushes.Black, x + CellPad, y + CellPad + l * LineHeight(bold) + bold.Size);
                x += widths[c];
            }
            y += headerHeight;
        }

        Room(headerHeight + LineHeight(body) + 2 * CellPad);
        DrawHeader();
        foreach (var row in table.Rows)
        {
            var cells = row.Select((text, c) => Wrap(text, body, widths[c] - 2 * CellPad)).ToList();
            var lineCount = Math.Max(1, cells.Max(c => c.Count));
            // A row taller than the room left is drawn in slices, the header repeated on each new page.
            var start = 0;
            while (start < lineCount)
            {
                var fits = (int)Math.Floor((ContentBottom - y - 2 * CellPad) / LineHeight(body));
                if (fits < 1 || (start == 0 && fits < lineCount && lineCount * LineHeight(body) < ContentBottom - ContentTop - headerHeight - 2 * CellPad))
                {
                    NewPage();
                    DrawHeader();
                    continue;
                }
                var take = Math.Min(fits, lineCount - start);
                var height = take * LineHeight(body) + 2 * CellPad;
                var x = Margin;
                for (var c = 0; c < widths.Length; c++)
                {
                    gfx.DrawRectangle(XPens.Gray, x, y, widths[c], height);
                    for (var l = 0; l < take && start + l < cells[c].Count; l++)
                        gfx.DrawString(cells[c][start + l], body, XBrushes.Black, x + CellPad, y + CellPad + l * LineHeight(body) + body.Size);
                    x += widths[c];
                }
                y += height;
                start += take;
            }
        }
        y += 8;
    }

    private void Signatures(PrintSignatures signatures)
    {
        y += 8;
        foreach (var label in signatures.Labels)
        {
            Room(36);
            y += 22;
            gfx.DrawLine(XPens.Black, Margin + 170, y, PageWidth - Margin, y);
            gfx.DrawString(label, bold, XBrushes.Black, Margin, y - 2);
            y += 8;
        }
    }

    private void WriteLines(IReadOnlyList<string> lines, XFont font, double x)
    {
        foreach (var line in lines)
        {
            Room(LineHeight(font));
            gfx.DrawString(line, font, XBrushes.Black, x, y + font.Size);
            y += LineHeight(font);
        }
    }

    /// <summary>
    /// Splits text into lines no wider than <paramref name="width"/>: at spaces, and inside a word only when it alone is
    /// too wide. Widths add up word by word (PDFsharp does not kern), so each word is measured once.
    /// </summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var space = Measure(" ", font);
        foreach (var paragraph in (text ?? "").Replace("\r\n", "\n").Split('\n'))
        {
            var current = new System.Text.StringBuilder();
            var currentWidth = 0.0;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = Measure(word, font);
                if (current.Length > 0 && currentWidth + space + wordWidth <= width)
                {
                    current.Append(' ').Append(word);
                    currentWidth += space + wordWidth;
                    continue;
                }
                if (current.Length > 0) lines.Add(current.ToString());
                current.Clear();
                var rest = word;
                while (wordWidth > width && rest.Length > 1)
                {
                    var cut = (int)Math.Max(1, Math.Floor(rest.Length * width / wordWidth));
                    while (cut > 1 && Measure(rest[..cut], font) > width) cut--;
                    lines.Add(rest[..cut]);
                    rest = rest[cut..];
                    wordWidth = Measure(rest, font);
                }
                current.Append(rest);
                currentWidth = wordWidth;
            }
            lines.Add(current.ToString());
        }
        return lines;
    }

    private double Measure(string text, XFont font) => gfx.MeasureString(text, font).Width;
}
