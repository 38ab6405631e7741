using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Plans;

/// <summary>Home's tiles at their boundaries, My FSP's search, sorting and paging, and who sees what — over real SQLite.</summary>
[Trait("Category", "Integration")]
public sealed class DashboardAndSearchTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly PortalFactory portal;
    private string sam = "", alex = "";
    private PlanQueries Queries => portal.Services.GetRequiredService<PlanQueries>();

    public DashboardAndSearchTests() => portal = new PortalFactory(clock: clock);

    public async Task InitializeAsync()
    {
        sam = (await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes")).Id;
        alex = (await portal.CreateUserAsync("alex@hub.example.org", "tangerine bicycle under moonlight", "Alex Other")).Id;
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static DateTime WeeksAgo(int weeks, int plusSeconds = 0) => Now.AddDays(-7 * weeks).AddSeconds(plusSeconds);

    [Fact]
    public async Task Tiles_count_at_exactly_six_and_twelve_weeks_from_completion_or_the_last_review()
    {
        await portal.AddAsync(PlanBuilder.Draft(sam));                                                  // in progress
        await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(6, plusSeconds: 1)));                // just under 6 weeks
        await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(6)));                                 // exactly 6 weeks
        await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(12, plusSeconds: 1)));               // just under 12 weeks
        await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(12)));                                // exactly 12 weeks
        await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(30), lastReviewUtc: WeeksAgo(1)));   // old, but reviewed last week
        await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(30), lastReviewUtc: WeeksAgo(7)));   // reviewed 7 weeks ago
        var closed = PlanSeeder.Completed(sam, WeeksAgo(40));
        closed.Close(sam, "needs-met", null, ["needs-met"], WeeksAgo(20), FspPortal.Tests.Domain.Plans.Outcomes.Claimed(closed));
        await portal.AddAsync(closed);                                                                // closed: never "outstanding"
        await portal.AddAsync(PlanSeeder.Completed(alex, WeeksAgo(20)));                              // someone else's

        var counts = await Queries.CountsAsync(sam);

        Assert.Equal(new TileCounts(InProgress: 1, Completed: 6, ReviewOutstanding: 3, ReviewLongOutstanding: 1, Closed: 1), counts);
        var (outstanding, _) = await Queries.SearchAsync(new PlanSearch(sam, PlanFilter.ReviewOutstanding));
        Assert.Equal(3, outstanding.Count);
        clock.Advance(TimeSpan.FromSeconds(1)); // the plans just under a threshold cross it
        Assert.Equal(new TileCounts(1, 6, 3, 2, 1), await Queries.CountsAsync(sam));
    }

    [Fact]
    public async Task Thresholds_are_settings()
    {
        await using var other = new PortalFactory(clock: clock, settings: new Dictionary<string, string?> { ["Dashboard:ReviewOutstandingWeeks"] = "4" });
        var user = (await other.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes")).Id;
        await other.AddAsync(PlanSeeder.Completed(user, WeeksAgo(5)));
        Assert.Equal(1, (await other.Services.GetRequiredService<PlanQueries>().CountsAsync(user)).ReviewOutstanding);
    }

    private async Task SeedThreeAsync()
    {
        static Plan ReviewOn(Plan plan, int days) => Plan.FromState(plan.ToState() with { NextReview = new NextReview(PlanBuilder.Today.AddDays(days), null, null) });
        await portal.AddAsync(ReviewOn(PlanSeeder.Completed(sam, WeeksAgo(1), firstName: "Owen", lastName: "Smith", postcode: "PO1 2AB", dateOfBirth: new DateOnly(2016, 5, 4), familyName: "Smith"), 10), "FSP-000002");
        await portal.AddAsync(ReviewOn(PlanSeeder.Completed(sam, WeeksAgo(2), firstName: "Mia", lastName: "Jones", postcode: "SO14 3XY", dateOfBirth: new DateOnly(2019, 1, 9), familyName: "Jones-Patel"), 20), "FSP-000001");
        await portal.AddAsync(ReviewOn(PlanSeeder.Completed(sam, WeeksAgo(3), firstName: "Zac", lastName: "Adams", postcode: "PO4 8QQ", dateOfBirth: new DateOnly(2012, 12, 1), familyName: "Adams"), 5));
        await portal.AddAsync(PlanSeeder.Completed(alex, WeeksAgo(1), firstName: "Owen", lastName: "Smithson", postcode: "PO1 2AB")); // not Sam's
    }

    [Theory]
    [InlineData("adams", "Zac")]          // surname
    [InlineData("MIA", "Mia")]            // forename, any case
    [InlineData("jones-pat", "Mia")]      // family name
    [InlineData("PO1 2AB", "Owen")]       // postcode with the space
    [InlineData("po12ab", "Owen")]        // postcode without it
    [InlineData("fsp-000001", "Mia")]     // reference
    [InlineData("FSP-2", "Owen")]         // reference without the leading zeros
    [InlineData("01/12/2012", "Zac")]     // date of birth, UK style
    [InlineData("2019-01-09", "Mia")]     // date of birth, ISO
    public async Task My_fsp_finds_a_plan_by_each_field_among_the_users_own_plans_only(string text, string child)
    {
        await SeedThreeAsync();
        var (rows, total) = await Queries.SearchAsync(new PlanSearch(sam, Text: text));
        Assert.Equal(1, total);
        Assert.Equal(child, Assert.Single(rows).ChildFirstName);
    }

    [Fact]
    public async Task My_fsp_finds_names_as_really_spelled_by_what_people_type()
    {
        var irish = PlanSeeder.Completed(sam, WeeksAgo(1), firstName: "Siobhán", lastName: "Ó'Connor", postcode: "SO14 3XY", familyName: "Ó'Connor");
        irish.SetFamilyMembers([PlanBuilder.Child("Łukasz Nowak", 7), PlanBuilder.Child("Grandad Fergal", 70, partOfFsp: false)], PlanBuilder.Today);
        var obrien = PlanSeeder.Completed(sam, WeeksAgo(2), firstName: "Ethan", lastName: "O'Brien", familyName: "O'Brien");
        await portal.AddAsync(irish, "FSP-000007");
        await portal.AddAsync(obrien);
        await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(3), firstName: "Owen", lastName: "Smith", familyName: "Smith"));
        await portal.AddAsync(PlanSeeder.Completed(alex, WeeksAgo(1), firstName: "Siobhan", lastName: "O'Connor")); // not Sam's

        async Task<string> Found(string text) =>
            string.Join(",", (await Queries.SearchAsync(new PlanSearch(sam, Text: text, Sort: PlanSort.Child, Descending: false))).Rows.Select(r => r.ChildFirstName));

        Assert.Equal("Siobhán", await Found("o'connor"));     // typed plainly
        Assert.Equal("Siobhán", await Found("O’Connor"));     // curly apostrophe
        Assert.Equal("Siobhán", await Found("Ó'Connor"));     // typed exactly
        Assert.Equal("Siobhán", await Found("oconnor"));      // without the apostrophe
        Assert.Equal("Siobhán", await Found("connor"));       // the part after it
        Assert.Equal("Siobhán", await Found("lukasz"));       // a second focus child, Ł folded
        Assert.Equal("Siobhán", await Found("Łukasz"));       // typed exactly
        Assert.Equal("Siobhán", await Found("siob"));         // the start of a forename
        Assert.Equal("Siobhán", await Found("fergal"));       // a family member who is not a focus child
        Assert.Equal("Siobhán", await Found("so14"));         // the postcode's first half
        Assert.Equal("Siobhán", await Found("so14 3x"));      // and the start of the whole
        Assert.Equal("Siobhán", await Found("7"));            // the reference as a number
        Assert.Equal("Siobhán", await Found(PlanBuilder.Today.AddYears(-7).AddDays(-10).ToString("dd/MM/yyyy"))); // a second child's date of birth
        Assert.Equal("Ethan", await Found("O’Brien"));        // curly apostrophe against a straight one
        Assert.Equal("Ethan,Owen,Siobhán", await Found("jane")); // a parent (every seeded plan has Jane Smith)
        Assert.Equal("Owen", await Found("owen smi"));        // several words narrow
        Assert.Equal("", await Found("owen connor"));
        Assert.Equal("", await Found("!!!"));                 // nothing searchable: nothing found, no error
    }

    [Fact]
    public async Task Plans_stored_before_search_terms_existed_get_them_on_start()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(1), firstName: "Zoë", lastName: "Łęcka"));
        await using (var db = await portal.CreateDbContextAsync())
        {
            await db.PlanSearchTerms.Where(t => t.PlanId == planId).ExecuteDeleteAsync();
            await db.Plans.Where(p => p.Id == planId).ExecuteUpdateAsync(p => p.SetProperty(x => x.SearchTermsVersion, 0));
        }
        Assert.Equal(0, (await Queries.SearchAsync(new PlanSearch(sam, Text: "lecka"))).Total);

        var rebuilt = await PlanSearchIndex.RebuildStaleAsync(portal.Services.GetRequiredService<IDbContextFactory<FspDbContext>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Equal(1, rebuilt);
        Assert.Equal(1, (await Queries.SearchAsync(new PlanSearch(sam, Text: "zoe lecka"))).Total);
    }

    [Fact]
    public async Task A_changed_name_is_found_by_the_new_name_only()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(1), firstName: "Owen", lastName: "Smith"));
        var store = portal.Services.GetRequiredService<PlanStore>();
        var changed = await store.ChangeAsync(planId, sam, (plan, _) => plan.DescribeChildAndParents(plan.Child with { FirstName = "Wiktor", LastName = "Wójcik" },
            plan.MainParent, plan.SecondParent, PlanBuilder.Today));
        Assert.True(changed.Succeeded, changed.Problem);

        Assert.Equal(1, (await Queries.SearchAsync(new PlanSearch(sam, Text: "wiktor wojcik"))).Total);
        Assert.Equal(0, (await Queries.SearchAsync(new PlanSearch(sam, Text: "owen"))).Total);
    }

    [Theory]
    [InlineData(PlanSort.Reference, false, "Zac,Mia,Owen")]   // pending references first ascending, as the guide expects
    [InlineData(PlanSort.Reference, true, "Owen,Mia,Zac")]    // and last descending
    [InlineData(PlanSort.Child, false, "Zac,Mia,Owen")]
    [InlineData(PlanSort.Child, true, "Owen,Mia,Zac")]
    [InlineData(PlanSort.DateOfBirth, false, "Zac,Owen,Mia")]
    [InlineData(PlanSort.DateOfBirth, true, "Mia,Owen,Zac")]
    [InlineData(PlanSort.Postcode, false, "Owen,Zac,Mia")]
    [InlineData(PlanSort.Postcode, true, "Mia,Zac,Owen")]
    [InlineData(PlanSort.NextReview, false, "Zac,Owen,Mia")]
    [InlineData(PlanSort.NextReview, true, "Mia,Owen,Zac")]
    [InlineData(PlanSort.Updated, false, "Owen,Mia,Zac")]     // stored in that order
    [InlineData(PlanSort.Updated, true, "Zac,Mia,Owen")]
    [InlineData(PlanSort.FamilyName, false, "Zac,Mia,Owen")]
    [InlineData(PlanSort.FamilyName, true, "Owen,Mia,Zac")]
    public async Task My_fsp_sorts_by_each_column(PlanSort sort, bool descending, string expected)
    {
        await SeedThreeAsync();
        var (rows, _) = await Queries.SearchAsync(new PlanSearch(sam, Sort: sort, Descending: descending));
        Assert.Equal(expected, string.Join(",", rows.Select(r => r.ChildFirstName)));
    }

    [Fact]
    public async Task My_fsp_sorts_by_status_coordinator_and_last_review()
    {
        await SeedThreeAsync();
        await portal.AddAsync(PlanBuilder.Draft(sam));
        var (byStatus, _) = await Queries.SearchAsync(new PlanSearch(sam, Sort: PlanSort.Status, Descending: false));
        Assert.True(byStatus[0].Status == PlanStatus.Draft, string.Join(",", byStatus.Select(r => r.Status)));
        var (byCoordinator, _) = await Queries.SearchAsync(new PlanSearch(sam, Sort: PlanSort.Coordinator));
        Assert.All(byCoordinator, r => Assert.Equal("Sam Hughes", r.Coordinator));
        var reviewed = PlanSeeder.Completed(sam, WeeksAgo(9), lastReviewUtc: WeeksAgo(1), firstName: "Rev");
        await portal.AddAsync(reviewed);
        var (byReview, _) = await Queries.SearchAsync(new PlanSearch(sam, Sort: PlanSort.LastReview, Descending: true));
        Assert.Equal("Rev", byReview[0].ChildFirstName);
    }

    [Fact]
    public async Task My_fsp_pages_without_repeating_or_skipping()
    {
        for (var i = 0; i < 23; i++) await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(1), firstName: $"Child{i:00}", familyName: "Same"));
        var seen = new List<Guid>();
        for (var page = 0; page < 3; page++)
        {
            var (rows, total) = await Queries.SearchAsync(new PlanSearch(sam, Sort: PlanSort.FamilyName, Page: page, PageSize: 10));
            Assert.Equal(23, total);
            seen.AddRange(rows.Select(r => r.Id));
        }
        Assert.Equal(23, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_stranger_a_detached_user_and_an_admin_on_every_plan_query_and_page_service()
    {
        var admin = await portal.CreateUserAsync("ada@council.example.org", "seven lanterns over the harbour", "Ada Admin", admin: true);
        var detached = await portal.CreateUserAsync("dee@hub.example.org", "tangerine bicycle under moonlight", "Dee Detached");
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(7)), extraMembers: [new PlanMember(detached.Id, PlanRole.TeamAroundFamily, false)]);
        var overview = portal.Services.GetRequiredService<PlanOverviewService>();
        var wizard = portal.Services.GetRequiredService<PlanWizardService>();

        foreach (var outsider in new[] { alex, detached.Id })
        {
            var who = Principal(outsider);
            Assert.Null(await overview.OpenAsync(planId, who));
            Assert.Null(await wizard.LoadAsync(planId, outsider));
            Assert.Equal(new TileCounts(0, 0, 0, 0, 0), await Queries.CountsAsync(outsider));
            Assert.Equal(0, (await Queries.SearchAsync(new PlanSearch(outsider, Text: "smith"))).Total);
            Assert.False((await overview.CloseAsync(planId, who, "needs-met", null, outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Succeeded);
            Assert.False(await wizard.AutosaveAsync(planId, outsider, WizardSteps.Get(5)!, new FamilyStoryStep()));
        }

        // An admin not on the plan: nothing until they give a reason (break-glass), then read-only.
        Assert.Null(await overview.OpenAsync(planId, Principal(admin.Id, isAdmin: true)));
        var outline = await portal.Services.GetRequiredService<BreakGlass>().OutlineAsync(planId, Principal(admin.Id, isAdmin: true));
        Assert.NotNull(outline);
        Assert.False((await portal.Services.GetRequiredService<BreakGlass>().OpenAsync(planId, Principal(admin.Id, isAdmin: true),
            new BreakGlassForm { Reason = "Data quality or audit check", Details = "Quarterly check" })).Any);
        var asAdmin = await overview.OpenAsync(planId, Principal(admin.Id, isAdmin: true));
        Assert.NotNull(asAdmin);
        Assert.True(asAdmin.ViewedAsAdmin);
        Assert.False(asAdmin.IsCoordinator);
        Assert.Equal(0, (await Queries.SearchAsync(new PlanSearch(admin.Id))).Total); // admins have no "my plans" they are not on
        Assert.False((await overview.CloseAsync(planId, Principal(admin.Id, isAdmin: true), "needs-met", null, outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Succeeded);

        await using var db = await portal.CreateDbContextAsync();
        var id = planId.ToString();
        var audit = await db.AuditEntries.Where(a => a.TargetType == "Plan" && a.TargetId == id).Select(a => new { a.Action, a.ActorUserId }).ToListAsync();
        Assert.Contains(audit, a => a.Action == PlanAuditActions.AdminViewed && a.ActorUserId == admin.Id);
        Assert.Contains(audit, a => a.Action == PlanAuditActions.ViewRefused && a.ActorUserId == alex);
        Assert.Contains(audit, a => a.Action == PlanAuditActions.ViewRefused && a.ActorUserId == detached.Id);
    }

    [Fact]
    public async Task Every_view_of_a_plan_is_audited()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(1)));
        var overview = portal.Services.GetRequiredService<PlanOverviewService>();
        await overview.OpenAsync(planId, Principal(sam));
        await overview.OpenAsync(planId, Principal(sam));
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == PlanAuditActions.Viewed && a.ActorUserId == sam && a.TargetId == planId.ToString()));
    }

    [Fact]
    public async Task Closing_and_reopening_need_reasons_are_audited_and_reach_open_pages_of_the_plans_users_only()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(1)));
        var heard = new List<(string User, PlanChange Change)>();
        var notifier = portal.Services.GetRequiredService<IPlanNotifier>();
        using var samPage = notifier.Subscribe(sam, c => { lock (heard) heard.Add((sam, c)); return Task.CompletedTask; });
        using var alexPage = notifier.Subscribe(alex, c => { lock (heard) heard.Add((alex, c)); return Task.CompletedTask; });
        var overview = portal.Services.GetRequiredService<PlanOverviewService>();

        Assert.Equal("Choose why the plan is being closed.", (await overview.CloseAsync(planId, Principal(sam), null, null, outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Problem);
        Assert.Equal("Say why the plan is being closed.", (await overview.CloseAsync(planId, Principal(sam), "other", " ", outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Problem);
        Assert.True((await overview.CloseAsync(planId, Principal(sam), "other", "Family moved abroad", outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Succeeded);
        Assert.Equal(new TileCounts(0, 0, 0, 0, 1), await Queries.CountsAsync(sam));
        Assert.Equal("This plan is already closed.", (await overview.CloseAsync(planId, Principal(sam), "needs-met", null, outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Problem);
        Assert.Equal("Say why the plan is being reopened.", (await overview.ReopenAsync(planId, Principal(sam), "")).Problem);
        Assert.True((await overview.ReopenAsync(planId, Principal(sam), "Closed by mistake")).Succeeded);
        Assert.Equal(1, (await Queries.CountsAsync(sam)).Completed);

        await Eventually.TrueAsync(() => { lock (heard) return heard.Count >= 2; }, "Sam's page to hear of the close and the reopen");
        Assert.Equal([(sam, new PlanChange(planId, PlanChangeKind.Status)), (sam, new PlanChange(planId, PlanChangeKind.Status))], heard);
        var history = (await overview.OpenAsync(planId, Principal(sam)))!.History;
        Assert.Contains(history, h => h.Action == PlanAuditActions.Closed && h.Details == "Other: Family moved abroad \u2014 significant and sustained progress: Getting a good education yes");
        Assert.Contains(history, h => h.Action == PlanAuditActions.Reopened && h.Details == "Closed by mistake");
    }

    [Fact]
    public async Task Two_people_saving_the_same_step_the_second_is_refused_and_keeps_their_typing()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, WeeksAgo(1)), extraMembers: [new PlanMember(alex, PlanRole.TeamAroundFamily, true)]);
        var wizard = portal.Services.GetRequiredService<PlanWizardService>();
        var step = WizardSteps.Get(5)!;
        var samOpened = (await wizard.LoadAsync(planId, sam))!;
        var alexOpened = (await wizard.LoadAsync(planId, alex))!;

        Assert.True((await wizard.SaveStepAsync(planId, sam, step, new FamilyStoryStep { KeyEventsNow = "Sam's words" }, samOpened.Version)).Succeeded);
        var second = await wizard.SaveStepAsync(planId, alex, step, new FamilyStoryStep { KeyEventsNow = "Words from Alex" }, alexOpened.Version);

        Assert.False(second.Succeeded);
        Assert.True(second.Conflict);
        Assert.Contains("Someone else saved this plan", second.Problem);
        var now = (await wizard.LoadAsync(planId, alex))!;
        Assert.Equal("Sam's words", now.Plan.FamilyStory.KeyEventsNow);         // nothing silently overwritten
        Assert.Contains("Words from Alex", now.UnsavedStepJson);                    // and nothing Alex typed is lost
        Assert.Null((await wizard.LoadAsync(planId, sam))!.UnsavedStepJson);      // Sam's own draft is untouched by Alex
    }

    private static ClaimsPrincipal Principal(string userId, bool isAdmin = false)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId), new(ClaimTypes.Name, userId) };
        if (isAdmin) claims.Add(new Claim(ClaimTypes.Role, Roles.Admin));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [Fact]
    public async Task Home_lists_missed_reviews_first_marked_overdue_then_those_due_soon_and_nothing_closed_drafted_or_far_off()
    {
        var today = DateOnly.FromDateTime(Now);
        Plan WithReview(int days, string name)
        {
            var plan = PlanSeeder.Completed(sam, WeeksAgo(20), firstName: name);
            plan.SetFinishDetails("Smith", new NextReview(today.AddDays(days), new TimeOnly(10, 0), "School"));
            return plan;
        }
        var tenWeeksLate = await portal.AddAsync(WithReview(-70, "Ava"));
        var yesterday = await portal.AddAsync(WithReview(-1, "Ben"));
        var dueToday = await portal.AddAsync(WithReview(0, "Cal"));
        var inTenDays = await portal.AddAsync(WithReview(10, "Dee"));
        await portal.AddAsync(WithReview(30, "Eve"));                               // beyond the 14 days
        var closed = WithReview(-20, "Fay");
        closed.Close(sam, "needs-met", null, ["needs-met"], WeeksAgo(1), FspPortal.Tests.Domain.Plans.Outcomes.Claimed(closed));
        await portal.AddAsync(closed);                                             // closed plans are never due
        await portal.AddAsync(PlanBuilder.Draft(sam));                              // nor drafts

        var due = await Queries.ReviewsDueAsync(sam, today);

        Assert.Equal([(tenWeeksLate, true), (yesterday, true), (dueToday, false), (inTenDays, false)], due.Select(d => (d.Id, d.Overdue)).ToList());
    }
}
