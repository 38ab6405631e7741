using System.Globalization;
using System.Net;
using CsvHelper;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Exports;
using FspPortal.Web.Features.Outcomes;
using FspPortal.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace FspPortal.Tests.Outcomes;

/// <summary>Lists exported as CSV and Excel through the real HTTP pipeline, read back with CsvHelper and MiniExcel.</summary>
[Trait("Category", "Integration")]
public sealed class ExportTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();
    private readonly OutcomeCouncil council = new();

    public async Task InitializeAsync() => await council.SeedAsync(portal);
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, email, OutcomeCouncil.Password);
        return client;
    }

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        using var reader = new CsvReader(new StreamReader(new MemoryStream(bytes)), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        return rows;
    }

    /// <summary>A sheet as rows of text, the headings first.</summary>
    private static List<string[]> ReadSheet(byte[] bytes, string sheet)
    {
        using var stream = new MemoryStream(bytes);
        return stream.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray()).ToList();
    }

    [Fact]
    public async Task My_FSP_exports_the_rows_on_screen_for_the_filter_search_and_sort_as_csv_and_excel()
    {
        var sam = await SignedInAsync("sam@school.example.org");
        // On screen: Sam's closed plans, sorted by reference, newest first.
        var search = new PlanSearch(council.Sam.Id, PlanFilter.Closed, null, PlanSort.Reference, Descending: true, PageSize: 100);
        var (rows, _) = await portal.Services.GetRequiredService<PlanQueries>().SearchAsync(search);
        var onScreen = new[] { MyFspColumns.Headers.ToArray() }.Concat(rows.Select(r => MyFspColumns.Cells(r).Select(c => c ?? "").ToArray())).ToList();
        Assert.Equal(3, onScreen.Count); // the headings, P5 and P1
        Assert.Equal("FSP-000105", onScreen[1][0]);

        var csv = await sam.GetAsync("/my-fsp/export.csv?filter=closed&sort=Reference&desc=true");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(onScreen, ReadCsv(await csv.Content.ReadAsByteArrayAsync()));

        var xlsx = await sam.GetAsync("/my-fsp/export.xlsx?filter=closed&sort=Reference&desc=true");
        Assert.Equal(ListExport.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(onScreen, ReadSheet(await xlsx.Content.ReadAsByteArrayAsync(), "My FSP"));

        // A search narrows the export as it narrows the list.
        var searched = ReadCsv(await sam.GetByteArrayAsync($"/my-fsp/export.csv?q={OutcomeCouncil.ChildSurnames[1]}"));
        Assert.Equal(["FSP-000102"], searched.Skip(1).Select(r => r[0]));

        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == OutcomeActions.ListExported && a.ActorUserId == council.Sam.Id));
    }

    [Fact]
    public async Task Nobody_exports_a_plan_they_are_not_on()
    {
        var bea = await SignedInAsync("bea@hub.example.org");
        var csv = ReadCsv(await bea.GetByteArrayAsync("/my-fsp/export.csv"));
        Assert.Equal(["FSP-000103", "FSP-000104"], csv.Skip(1).Select(r => r[0]).Order());
        var xlsx = ReadSheet(await bea.GetByteArrayAsync("/my-fsp/export.xlsx"), "My FSP");
        Assert.Equal(3, xlsx.Count);
        foreach (var surname in new[] { 0, 1, 4, 5 }.Select(i => OutcomeCouncil.ChildSurnames[i]))
        {
            Assert.DoesNotContain(csv, r => r.Any(c => c.Contains(surname)));
            Assert.DoesNotContain(xlsx, r => r.Any(c => c.Contains(surname)));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await bea.GetAsync("/my-fsp/export.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_quarterly_return_is_one_spreadsheet_with_a_sheet_per_table_equal_to_the_page()
    {
        var mia = await portal.CreateUserAsync("mia@council.example.org", OutcomeCouncil.Password, "Mia Manager", agency: "Council");
        await portal.MakeManagerAsync(mia);
        var client = await SignedInAsync("mia@council.example.org");
        var quarter = OutcomePeriods.Key(council.Quarter);

        var response = await client.GetAsync($"/outcomes/return.xlsx?quarter={quarter}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var stream = new MemoryStream(bytes))
            Assert.Equal(["Summary", "By outcome", "By agency", "By quarter"], stream.GetSheetNames());

        var report = await portal.Services.GetRequiredService<OutcomeFigures>().ReportAsync(OutcomeFilter.ForQuarter(council.Quarter, null));
        foreach (var table in new[] { OutcomeTables.ByOutcome(report), OutcomeTables.ByAgency(report), OutcomeTables.ByQuarter(report) })
        {
            var expected = new[] { table.Headers.ToArray() }.Concat(await table.Rows.Select(r => r.Select(c => c ?? "").ToArray()).ToListAsync()).ToList();
            Assert.Equal(expected, ReadSheet(bytes, table.Name));
        }
        var housing = ReadSheet(bytes, "By outcome").Single(r => r[0] == "Secure housing");
        Assert.Equal(["Secure housing", "2", "1", "0", "1", "50%", "1", "0", "100%"], housing);

        var csv = ReadCsv(await client.GetByteArrayAsync($"/outcomes/by-outcome.csv?quarter={quarter}"));
        Assert.Equal(housing, csv.Single(r => r[0] == "Secure housing"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/outcomes/made-up.csv?quarter={quarter}")).StatusCode);

        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == OutcomeActions.ListExported && a.ActorUserId == mia.Id));
    }

    [Fact]
    public async Task Admins_export_the_users_and_the_audit_log_and_practitioners_cannot()
    {
        await portal.CreateUserAsync("ada@council.example.org", OutcomeCouncil.Password, "Ada Admin", admin: true);
        var admin = await SignedInAsync("ada@council.example.org");
        var users = ReadSheet(await admin.GetByteArrayAsync("/admin/users.xlsx"), "Users");
        Assert.Equal(ExportEndpoints.RosterHeaders, users[0]);
        Assert.Equal(["Ada Admin", "Bea Next", "Sam Hughes"], users.Skip(1).Select(r => r[0]));
        Assert.Equal(["Bea Next"], ReadCsv(await admin.GetByteArrayAsync("/admin/users.csv?q=hub")).Skip(1).Select(r => r[0]));

        var audit = ReadSheet(await admin.GetByteArrayAsync("/admin/audit.xlsx?action=Account"), "Audit log");
        Assert.Equal(ExportEndpoints.AuditHeaders, audit[0]);

        var sam = await SignedInAsync("sam@school.example.org");
        foreach (var path in new[] { "/admin/users.csv", "/admin/users.xlsx", "/admin/audit.xlsx" })
            Assert.NotEqual(HttpStatusCode.OK, (await sam.GetAsync(path)).StatusCode);

        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == OutcomeActions.ListExported && a.Details!.StartsWith("the users")));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == FspPortal.Web.Features.Audit.AuditActions.AuditExported && a.Details!.Contains("audit.xlsx")));
    }
}
