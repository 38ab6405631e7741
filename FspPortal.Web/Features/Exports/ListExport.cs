using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace FspPortal.Web.Features.Exports;

/// <summary>A list as it is exported: a name (the sheet's), its column headings, and its rows as the page shows them (text).</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IAsyncEnumerable<IReadOnlyList<string?>> Rows)
{
    public static ExportTable Of<T>(string name, IReadOnlyList<string> headers, IEnumerable<T> items, Func<T, IReadOnlyList<string?>> row) =>
        new(name, headers, items.Select(row).ToAsyncEnumerable());

    public static ExportTable Of<T>(string name, IReadOnlyList<string> headers, IAsyncEnumerable<T> items, Func<T, IReadOnlyList<string?>> row) =>
        new(name, headers, items.Select(row));
}

/// <summary>
/// Writes lists to the response as CSV (CsvHelper) or Excel (MiniExcel), a row at a time. CSV: UTF-8 with a byte-order
/// mark (so Excel reads "Łukasz" right) and text that a spreadsheet would run as a formula (=, +, -, @) escaped. Excel:
/// every cell is text, never a formula; written to a temporary file (the xlsx zip is written synchronously) that is
/// streamed out and deleted, so memory stays flat however long the list.
/// </summary>
public static class ListExport
{
    public const string Csv = "csv", Xlsx = "xlsx";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static bool IsFormat(string? format) => format is Csv or Xlsx;

    public static async Task WriteAsync(HttpContext http, string format, string fileName, params ExportTable[] tables)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}.{format}\"";
        if (format == Csv) await WriteCsvAsync(http, tables[0]);
        else await WriteXlsxAsync(http, tables);
    }

    private static async Task WriteCsvAsync(HttpContext http, ExportTable table)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape });
        foreach (var header in table.Headers) csv.WriteField(header);
        await csv.NextRecordAsync();
        await foreach (var row in table.Rows.WithCancellation(http.RequestAborted))
        {
            foreach (var cell in row) csv.WriteField(cell ?? "");
            await csv.NextRecordAsync();
        }
    }

    private static async Task WriteXlsxAsync(HttpContext http, IReadOnlyList<ExportTable> tables)
    {
        http.Response.ContentType = XlsxContentType;
        var path = Path.Combine(Path.GetTempPath(), $"fsp-export-{Guid.NewGuid():N}.xlsx");
        try
        {
            // MiniExcel writes from a plain sequence on a worker thread; each row is read from the database as it is written.
            await Task.Run(() =>
            {
                using var file = File.Create(path);
                var sheets = tables.ToDictionary(t => SheetName(t.Name), t => SheetValue(t, http.RequestAborted));
                file.SaveAs(sheets, printHeader: true, excelType: ExcelType.XLSX);
            }, http.RequestAborted);
            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            http.Response.ContentLength = read.Length;
            await read.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A sheet as MiniExcel takes it: rows of heading → cell, or an empty table of the headings when there are no rows.</summary>
    private static object SheetValue(ExportTable table, CancellationToken cancellationToken)
    {
        var rows = table.Rows.ToBlockingEnumerable(cancellationToken).GetEnumerator();
        if (rows.MoveNext()) return SheetRows(table.Headers, rows);
        rows.Dispose();
        var empty = new System.Data.DataTable(table.Name);
        foreach (var header in table.Headers) empty.Columns.Add(header, typeof(string));
        return empty;
    }

    private static IEnumerable<IDictionary<string, object?>> SheetRows(IReadOnlyList<string> headers, IEnumerator<IReadOnlyList<string?>> rows)
    {
        using (rows)
        {
            do
            {
                var row = rows.Current;
                var cells = new Dictionary<string, object?>(headers.Count);
                for (var i = 0; i < headers.Count; i++) cells[headers[i]] = i < row.Count ? row[i] ?? "" : "";
                yield return cells;
            } while (rows.MoveNext());
        }
    }

    /// <summary>Excel's rules: 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= 31 ? clean : clean[..31];
    }
}
