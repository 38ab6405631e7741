using System.Net;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Print;
using UglyToad.PdfPig;

namespace FspPortal.Tests.Print;

/// <summary>The PDF through the real endpoint (signed in, access-checked), read back with PdfPig.</summary>
[Trait("Category", "Integration")]
public sealed class PlanPdfTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private readonly PortalFactory portal = new();
    private string sam = "";

    public async Task InitializeAsync() => sam = (await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes")).Id;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, email, Password);
        return client;
    }

    [Fact]
    public async Task The_pdf_has_every_section_the_consent_statement_accented_names_and_page_numbers()
    {
        var plan = PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2), firstName: "Zoë", lastName: "Łukasiewicz-Núñez");
        plan.SetFamilyMembers([new FamilyMember(Guid.NewGuid(), "Björn Ångström", "sibling", PlanBuilder.Today.AddYears(-9), true)], PlanBuilder.Today);
        var planId = await portal.AddAsync(plan, reference: "FSP-000042");
        var client = await SignedInAsync("sam@school.example.org");

        var response = await client.GetAsync($"plans/{planId}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // Named by the reference, never by the child (a file name travels in downloads folders and email attachments).
        Assert.Equal("FSP-000042-family-support-plan.pdf", response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "screenshots", "plan.pdf"), bytes); // to look at
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        var firstPage = pdf.GetPage(1).Text;
        Assert.Contains(Squash("Zoë Łukasiewicz-Núñez"), Squash(text));
        Assert.Contains(Squash("Björn Ångström"), Squash(text));
        foreach (var heading in new[] { "Our Family Support Plan", "Consent and practitioner", "Focus child and main parent", "Family members and important people",
                     "Contacts, key information and services", "Family's Story", "Child's Story", "Aspects of Life", "Practitioner Summary and Family Plan",
                     "The family's needs", "Family name and next review", "Latest review", ConsentStatement.Heading, "The family's answers", "Signature of parent or carer" })
            Assert.Contains(Squash(heading), Squash(text));
        Assert.Contains(Squash("you understand that confidentiality may not be kept where a person may be at risk of immediate harm;"), Squash(text));
        Assert.Contains(Squash($"Page 1 of {pdf.NumberOfPages}"), Squash(firstPage));
        Assert.Contains("OFFICIAL-SENSITIVE", firstPage);
        Assert.Contains("FSP-000042", firstPage);
        // The fonts are embedded, so the names print the same anywhere.
        Assert.All(pdf.GetPage(1).Letters.Select(l => l.FontName).Distinct(), name => Assert.Contains("+", name));
    }

    [Fact]
    public async Task The_familys_do_not_share_list_and_consent_withdrawn_are_boxed_on_the_first_page_and_a_long_list_still_prints_whole()
    {
        var plan = PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2));
        plan.RecordConsent(plan.Consent with
        {
            DoNotShareWith = [new(DoNotShareKind.Organisation, "Acme Housing", Note: "housing dispute"), new(DoNotShareKind.Person, "Uncle Ray"),
                .. Enumerable.Range(1, 70).Select(i => new DoNotShareEntry(DoNotShareKind.Organisation, $"Agency number {i}"))],
        }, plan.Practitioner, PlanBuilder.Today);
        plan.WithdrawConsent(sam, PlanBuilder.Today, "Dad rang", PlanBuilder.Today, DateTime.UtcNow);
        var planId = await portal.AddAsync(plan);
        var client = await SignedInAsync("sam@school.example.org");

        using var pdf = PdfDocument.Open(await client.GetByteArrayAsync($"plans/{planId}/pdf"));

        var firstPage = Squash(pdf.GetPage(1).Text);
        Assert.Contains(Squash("The family withdrew their consent to share"), firstPage);
        Assert.Contains(Squash("The family does not agree to share this plan with"), firstPage);
        Assert.Contains(Squash("Acme Housing (organisation): housing dispute"), firstPage);
        Assert.True(firstPage.IndexOf(Squash("The family does not agree"), StringComparison.Ordinal) < firstPage.IndexOf(Squash("Consent and practitioner"), StringComparison.Ordinal) ||
            !firstPage.Contains(Squash("Consent and practitioner")), "the notice comes before the sections");
        var all = Squash(string.Join("", pdf.GetPages().Select(p => p.Text)));
        Assert.Contains(Squash("Agency number 70 (organisation)"), all); // longer than a page: carried on, not cut
    }

    [Fact]
    public async Task Forty_plan_lines_make_a_table_that_continues_over_several_pages()
    {
        var plan = PlanBuilder.ReadyToFinish(sam).With(p => p.WriteSummaryAndPlan("Summary.",
            Enumerable.Range(1, 40).Select(i => new PlanLine(Guid.NewGuid(), "education", $"Goal number {i} for the family, described in a sentence or two so the row wraps",
                $"Action {i}", "Jane", PlanBuilder.Today.AddDays(30), 5)))).Build();
        plan.Finish(PlanBuilder.Aspects, DateTime.UtcNow, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        var planId = await portal.AddAsync(plan);
        var client = await SignedInAsync("sam@school.example.org");

        using var pdf = PdfDocument.Open(await client.GetByteArrayAsync($"plans/{planId}/pdf"));

        var pagesWithLines = pdf.GetPages().Where(p => Squash(p.Text).Contains("Goalnumber")).Select(p => p.Number).ToList();
        Assert.True(pagesWithLines.Count >= 2, $"the family plan is on pages {string.Join(", ", pagesWithLines)}");
        Assert.Equal(Enumerable.Range(pagesWithLines[0], pagesWithLines.Count), pagesWithLines); // continuous
        foreach (var number in pagesWithLines) Assert.Contains("Whatneedstochange", Squash(pdf.GetPage(number).Text)); // the header row repeats
        var all = Squash(string.Join("", pdf.GetPages().Select(p => p.Text)));
        Assert.Contains("Goalnumber1for", all);
        Assert.Contains("Goalnumber40for", all);
        Assert.Contains(Squash($"Page {pdf.NumberOfPages} of {pdf.NumberOfPages}"), Squash(pdf.GetPage(pdf.NumberOfPages).Text));
    }

    [Fact]
    public async Task A_stranger_gets_not_found_and_the_refusal_is_audited()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2)));
        await portal.CreateUserAsync("sid@elsewhere.example.org", Password, "Sid Stranger");
        var client = await SignedInAsync("sid@elsewhere.example.org");

        var response = await client.GetAsync($"plans/{planId}/pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        await using var db = await portal.CreateDbContextAsync();
        Assert.Contains(db.AuditEntries, a => a.Action == FspPortal.Web.Features.Plans.PlanAuditActions.ViewRefused && a.TargetId == planId.ToString());
    }

    /// <summary>PdfPig's page text runs words together where the PDF positions them rather than spacing them.</summary>
    private static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
