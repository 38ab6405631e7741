using System.Net;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Outcomes;

/// <summary>The manager's figures over a real SQLite file and the real HTTP pipeline, against a council counted by hand.</summary>
[Trait("Category", "Integration")]
public sealed class ManagerFiguresTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();
    private readonly OutcomeCouncil council = new();
    private OutcomeFigures Figures => portal.Services.GetRequiredService<OutcomeFigures>();

    public async Task InitializeAsync() => await council.SeedAsync(portal);
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private OutcomeFilter Quarter(string? agency = null) => OutcomeFilter.ForQuarter(council.Quarter, agency);

    [Fact]
    public async Task The_figures_equal_the_councils_counted_by_hand()
    {
        var report = await Figures.ReportAsync(Quarter());

        var h = report.Headline;
        Assert.Equal((1, 2, 2), (h.Open, h.Started, h.Closed)); // open: P2; started: P1, P2; closed: P1, P3
        Assert.Equal(1, h.ReviewOverdue + h.ReviewLongOverdue); // P2, finished weeks ago and never reviewed
        Assert.Equal((41 + 130) / 2.0, h.AverageDaysToClose);

        OutcomeRow Row(string code) => report.ByOutcome.Single(r => r.Code == code);
        Assert.Equal(new OutcomeRow("housing", "Secure housing", Needs: 2, Yes: 1, Partly: 0, No: 1, Sustained: 1, NotSustained: 0), Row("housing"));
        Assert.Equal(new OutcomeRow("education", "Getting a good education", 1, 0, 1, 0, 0, 0), Row("education"));
        Assert.Equal(new OutcomeRow("financial", "Financial stability", 0, 1, 0, 0, 0, 0), Row("financial"));
        Assert.Equal(new OutcomeRow("health", "Improved mental and physical health", 0, 0, 0, 0, 0, 1), Row("health"));
        Assert.Equal(10, report.ByOutcome.Count); // every headline outcome, with or without figures
        Assert.Equal(0.5, Row("housing").ProgressRate);

        Assert.Equal([new AgencyRow("family-hub", "Family Hub", 0, 1, 2, 1, 0, 1), new AgencyRow("school", "School", 1, 1, 2, 1, 1, 1)], report.ByAgency);

        Assert.Equal(OutcomeFigures.QuartersShown, report.ByQuarter.Count);
        Assert.Equal(new QuarterRow(council.Quarter, PlansClosed: 2, NeedsClosed: 4, Yes: 2, Sustained: 1, Checked: 2), report.ByQuarter[^1]);
        var twoBack = report.ByQuarter[^3]; // P4 and P5 closed about six months before the quarter
        Assert.Equal((2, 2, 2), (twoBack.PlansClosed, twoBack.NeedsClosed, twoBack.Yes));
    }

    [Fact]
    public async Task A_manager_of_one_agency_sees_that_agencys_figures_whatever_the_link_asks()
    {
        var hub = await Figures.ReportAsync(Quarter("family-hub"));
        Assert.Equal((0, 0, 1), (hub.Headline.Open, hub.Headline.Started, hub.Headline.Closed));
        Assert.Equal("Family Hub", Assert.Single(hub.ByAgency).Label);

        var hal = await portal.CreateUserAsync("hal@hub.example.org", OutcomeCouncil.Password, "Hal Lead", agency: "Family Hub");
        await portal.MakeManagerAsync(hal, "family-hub");
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, "hal@hub.example.org", OutcomeCouncil.Password);
        var page = await client.GetStringAsync($"/outcomes?quarter={OutcomePeriods.Key(council.Quarter)}&agency=school");
        Assert.Contains("for Family Hub", page);
        Assert.DoesNotContain(">School<", page); // no School row in the agency table
        var csv = await client.GetStringAsync($"/outcomes/by-agency.csv?quarter={OutcomePeriods.Key(council.Quarter)}&agency=school");
        Assert.Contains("Family Hub", csv);
        Assert.DoesNotContain("School", csv);
    }

    [Fact]
    public async Task A_manager_reads_figures_and_drill_downs_without_a_childs_name_and_cannot_open_a_plan()
    {
        var mia = await portal.CreateUserAsync("mia@council.example.org", OutcomeCouncil.Password, "Mia Manager", agency: "Council");
        await portal.MakeManagerAsync(mia);
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, "mia@council.example.org", OutcomeCouncil.Password);
        var quarter = OutcomePeriods.Key(council.Quarter);

        var page = await client.GetStringAsync($"/outcomes?quarter={quarter}");
        Assert.Contains("Needs and progress by outcome", page);
        Assert.Contains($"1 plan: Secure housing, {OutcomePeriods.KindWords(DrillDown.Yes)}", page); // the drill-down link's name
        foreach (var surname in OutcomeCouncil.ChildSurnames) PageBody.DoesNotShow(page, surname);

        var drill = await client.GetStringAsync($"/outcomes/plans?quarter={quarter}&outcome=housing&kind=yes");
        Assert.Contains("FSP-000101", drill);
        Assert.Contains("Sam Hughes", drill);
        Assert.Contains("School", drill);
        Assert.DoesNotContain("FSP-000103", drill); // housing "no"
        foreach (var surname in OutcomeCouncil.ChildSurnames) PageBody.DoesNotShow(drill, surname);
        var sustained = await client.GetStringAsync($"/outcomes/plans?quarter={quarter}&outcome=housing&kind=sustained");
        Assert.Contains("FSP-000105", sustained);

        // Aggregates only: the plans themselves are "not found" for a manager who is not on them.
        var plan = await client.GetStringAsync($"/plans/{council.P1}");
        Assert.Contains("Plan not found", plan);
        PageBody.DoesNotShow(plan, OutcomeCouncil.ChildSurnames[0]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/plans/{council.P1}/pdf")).StatusCode);

        await using var db = await portal.CreateDbContextAsync();
        // Each page read is one line (the prerender's; the interactive render does not write another), the drill-downs with what they listed.
        var views = await db.AuditEntries.Where(a => a.Action == OutcomeActions.ManagerViewed && a.ActorUserId == mia.Id).Select(a => a.Summary!).ToListAsync();
        Assert.Equal(3, views.Count);
        Assert.Contains(views, v => v.StartsWith("Listed the plans behind a figure (Secure housing, progress sustained at the 6-month check"));
    }

    [Fact]
    public async Task A_practitioner_is_not_a_manager()
    {
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, "sam@school.example.org", OutcomeCouncil.Password);
        foreach (var path in new[] { "/outcomes", "/outcomes/plans?outcome=housing&kind=yes", "/outcomes/return.xlsx", "/outcomes/by-outcome.csv" })
            Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }
}
