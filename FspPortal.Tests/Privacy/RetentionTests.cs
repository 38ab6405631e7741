using System.Security.Claims;
using System.Text;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Retention;
using FspPortal.Web.Features.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Privacy;

/// <summary>
/// Retention over a real database on a fake clock: a plan closed six years ago is listed ahead of its day, anonymised on
/// the day with nothing personal left anywhere (the raw database file and the data folder are searched), its statistics
/// unchanged; a plan under a legal hold is untouched; the run is idempotent and two runs at once anonymise each plan once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RetentionTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private static readonly DateTimeOffset ClosedOn = new(2020, 3, 10, 11, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(ClosedOn.AddDays(-30));
    private readonly PortalFactory portal;
    private ApplicationUser sam = default!, bea = default!, admin = default!;
    private Guid due, held, notYet, open;

    // Strings only plan "due" holds: none may survive its anonymisation.
    private static readonly string[] Personal = ["Zebedee", "Quixotic-Marlowe", "2008-12-01", "01/12/2008", "Larkspur Lane", "ZX9 9ZZ", "Fennimore Academy",
        "Rosalind Quixotic", "07700 900461", "Gruffalo diary", "Pemberton fostering", "moved to Tenerife", "Uncle Barnabas"];

    // The youngest child's part of the rule (17 here) ends before the 6 years after closure, so the later is the closure's.
    public RetentionTests() => portal = new PortalFactory(clock: clock, settings: new Dictionary<string, string?> { ["Retention:UntilYoungestChildAge"] = "17" });

    public async Task InitializeAsync()
    {
        sam = await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        bea = await portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Team");
        admin = await portal.CreateUserAsync("admin@council.example.org", Password, "Ada Admin", admin: true);
        var start = clock.GetUtcNow().UtcDateTime;

        var zebedee = PlanSeeder.Completed(sam.Id, start, firstName: "Zebedee", lastName: "Quixotic-Marlowe", postcode: "ZX9 9ZZ",
            dateOfBirth: new DateOnly(2008, 12, 1), familyName: "Quixotic-Marlowe");
        zebedee.DescribeChildAndParents(zebedee.Child with { SchoolOrSetting = "Fennimore Academy", Address = new Address("4 Larkspur Lane", null, "Leeds", "ZX9 9ZZ") },
            new ParentCarer("Rosalind Quixotic", "mother", null), null, FspPortal.Tests.Domain.Plans.PlanBuilder.Today); // the builder dates the plan's own facts
        zebedee.SetContacts(new ContactDetails("Mum on 07700 900461", false, null, null, "Pemberton fostering placement"), []);
        zebedee.RecordConsent(zebedee.Consent with { DoNotShareWith = [new(DoNotShareKind.Person, "Uncle Barnabas")] }, zebedee.Practitioner, FspPortal.Tests.Domain.Plans.PlanBuilder.Today); // the builder dates the plan's own facts
        due = await portal.AddAsync(zebedee, "FSP-000001");
        held = await portal.AddAsync(PlanSeeder.Completed(sam.Id, start, firstName: "Harriet", dateOfBirth: new DateOnly(2009, 1, 1)), "FSP-000002");
        notYet = await portal.AddAsync(PlanSeeder.Completed(sam.Id, start, firstName: "Nora", dateOfBirth: new DateOnly(2009, 1, 1)), "FSP-000003");
        open = await portal.AddAsync(PlanSeeder.Completed(sam.Id, start, firstName: "Otto", dateOfBirth: new DateOnly(2009, 1, 1)), "FSP-000004");

        // Through the services, as people would: a team member (an email naming the child), a document, then closure.
        Assert.True((await portal.Services.GetRequiredService<PlanSharingService>().AttachAsync(due, As(sam), bea.Id)).Succeeded);
        var upload = await portal.Services.GetRequiredService<DocumentService>().UploadAsync(due, As(sam), "notes.txt", 40,
            new MemoryStream(Encoding.UTF8.GetBytes("Gruffalo diary: Zebedee's worries list")));
        Assert.True(upload.Succeeded, upload.Problem);
        clock.SetUtcNow(ClosedOn);
        var overview = portal.Services.GetRequiredService<PlanOverviewService>();
        Assert.True((await overview.CloseAsync(due, As(sam), "other", "Family moved to Tenerife", outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Succeeded);
        Assert.True((await overview.CloseAsync(held, As(sam), "needs-met", null, outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Succeeded);
        clock.Advance(TimeSpan.FromDays(366));
        Assert.True((await overview.CloseAsync(notYet, As(sam), "needs-met", null, outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Succeeded); // a year later: not due with the others
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static ClaimsPrincipal As(ApplicationUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!)], "test"));

    private RetentionService Retention => portal.Services.GetRequiredService<RetentionService>();

    /// <summary>Which of the personal strings are still somewhere: in any table (PostgreSQL), or in the raw files of the data folder (SQLite: the database file itself).</summary>
    private async Task<List<string>> LeftBehindAsync()
    {
        var found = new List<string>();
        await using var db = await portal.CreateDbContextAsync();
        if (db.Database.IsNpgsql())
        {
            foreach (var table in await TestDatabase.TableNamesAsync(db))
                foreach (var text in Personal)
#pragma warning disable EF1002 // table names come from the catalogue
                    if (await db.Database.SqlQueryRaw<int>($"SELECT count(*)::int AS \"Value\" FROM \"{table}\" t WHERE t::text LIKE {{0}}", $"%{text}%").SingleAsync() > 0)
#pragma warning restore EF1002
                        found.Add($"{text} in table {table}");
        }
        foreach (var file in Directory.EnumerateFiles(portal.DataDirectory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "portal.lock") continue; // the running portal's lock on its folder (empty, and held exclusively)
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)) { bytes = new byte[stream.Length]; stream.ReadExactly(bytes); }
            foreach (var text in Personal)
                if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0)
                    found.Add($"{text} in {Path.GetRelativePath(portal.DataDirectory, file)}");
        }
        return found;
    }

    [Fact]
    public async Task A_plan_closed_six_years_ago_is_listed_ahead_anonymised_on_the_day_and_nothing_personal_is_left_anywhere()
    {
        Assert.NotEmpty(await LeftBehindAsync()); // the search finds them while they are there
        clock.SetUtcNow(ClosedOn.AddYears(6).AddDays(-20)); // 2026-02-18: within the 30 days' notice
        var listed = await Retention.DueAsync();
        Assert.Equal(new[] { due, held }.Order(), listed.Select(r => r.PlanId).Order()); // not the plan closed a year later, nor the open one
        var row = listed.Single(r => r.PlanId == due);
        Assert.Equal(("FSP-000001", "school", new DateOnly(2020, 3, 10), new DateOnly(2026, 3, 10)), (row.Reference, row.AgencyCode, row.ClockStartedOn, row.KeepUntil));
        Assert.Equal(new RetentionRunResult(0, 0, 0), await Retention.RunAsync()); // listed, not yet destroyed
        Assert.True((await Retention.PlaceHoldAsync(held, As(admin), "Family court case FC-2026-17")).Succeeded);

        Stats before;
        await using (var db = await portal.CreateDbContextAsync()) before = Stats.Of((await db.Plans.AsNoTracking().SingleAsync(p => p.Id == due)).ToPlan());
        clock.SetUtcNow(ClosedOn.AddYears(6)); // the day
        var run = await Retention.RunAsync();

        Assert.Equal(new RetentionRunResult(1, 1, 0), run);
        Assert.Empty(await LeftBehindAsync());
        await using (var db = await portal.CreateDbContextAsync())
        {
            var record = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == due);
            Assert.NotNull(record.AnonymisedUtc);
            Assert.Null(record.ChildFirstName);
            Assert.Empty(await db.PlanSearchTerms.Where(t => t.PlanId == due).ToListAsync());
            Assert.Empty(await db.PlanDocuments.Where(d => d.PlanId == due).ToListAsync());
            Assert.Equal(before, Stats.Of(record.ToPlan())); // the statistics survive
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.TargetId == due.ToString()).OrderBy(a => a.Id).ToListAsync();
            Assert.Contains(audit, a => a.Action == SharingActions.Attached && a.ActorUserId == sam.Id); // that it happened, and who
            var anonymised = Assert.Single(audit, a => a.Action == RetentionActions.Anonymised);
            Assert.Null(anonymised.ActorUserId); // the system
            Assert.Contains("retention rule: 6 years after closure or until the youngest child is 17, whichever is later", anonymised.Details);
            Assert.Equal("Harriet", (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == held)).ChildFirstName); // under the hold
            Assert.Equal("Nora", (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == notYet)).ChildFirstName);
            Assert.Equal("Otto", (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == open)).ChildFirstName);
        }
        Assert.Equal(PlanStore.Anonymised, (await portal.Services.GetRequiredService<PlanSharingService>().DetachAsync(due, As(sam), bea.Id)).Problem);

        Assert.Equal(new RetentionRunResult(0, 1, 0), await Retention.RunAsync()); // idempotent
        Assert.True((await Retention.LiftHoldAsync(held, As(admin), "Case closed")).Succeeded);
        Assert.Equal(new RetentionRunResult(1, 0, 0), await Retention.RunAsync());
    }

    [Fact]
    public async Task Two_runs_at_once_as_on_two_servers_anonymise_each_plan_once()
    {
        clock.SetUtcNow(ClosedOn.AddYears(6));
        var both = await Task.WhenAll(Retention.RunAsync(), Retention.RunAsync());
        Assert.Equal(2, both.Sum(r => r.Anonymised)); // "due" and "held" (no hold placed in this test)
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == RetentionActions.Anonymised));
    }

    [Fact]
    public async Task An_erasure_request_anonymises_one_plan_at_once_by_its_reference_and_is_refused_under_a_legal_hold()
    {
        Assert.Equal("Enter the plan's reference, like FSP-000042.", (await Retention.EraseOnRequestAsync("Zebedee", As(admin), "SAR-9")).Problem);
        Assert.True((await Retention.PlaceHoldAsync(held, As(admin), "Police request")).Succeeded);
        Assert.Contains("legal hold", (await Retention.EraseOnRequestAsync("FSP-000002", As(admin), "Erasure request 2026-11-30")).Problem);

        Assert.True((await Retention.EraseOnRequestAsync("fsp-1", As(admin), "Erasure request 2026-11-30 from the mother")).Succeeded);

        await using var db = await portal.CreateDbContextAsync();
        var line = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == RetentionActions.Anonymised);
        Assert.Equal((admin.Id, due.ToString()), (line.ActorUserId, line.TargetId));
        Assert.Contains("erasure request: Erasure request 2026-11-30 from the mother", line.Details);
        Assert.Null((await db.Plans.AsNoTracking().SingleAsync(p => p.Id == due)).ChildFirstName);
    }

    [Fact]
    public async Task Emails_queued_before_they_knew_their_plan_are_matched_to_it_by_the_upgrade_and_lose_their_text_with_it()
    {
        await using (var db = await portal.CreateDbContextAsync())
        {
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync("Retention"); // as before this version: emails without PlanId
            var link = $"http://localhost/plans/{notYet}";
#pragma warning disable EF1002 // test data only
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "OutgoingEmails" ("To", "Subject", "TextBody", "HtmlBody", "QueuedUtc", "Status", "Attempts", "NextAttemptUtc")
                VALUES ('bea@hub.example.org', 'You have been added to a Family Support Plan', 'Hello Bea, the plan for Nora Smith. {link}', 'Nora Smith', '2020-01-01 00:00:00', 1, 1, '2020-01-01 00:00:00'),
                       ('sam@school.example.org', 'Family Support Plan reviews that need you', 'The review of FSP-000003 is outstanding. {link}', '', '2020-01-01 00:00:00', 1, 1, '2020-01-01 00:00:00');
                """);
#pragma warning restore EF1002
            await migrator.MigrateAsync();
        }
        clock.SetUtcNow(ClosedOn.AddYears(8));
        Assert.Equal(3, (await Retention.RunAsync()).Anonymised);

        await using (var db = await portal.CreateDbContextAsync())
        {
            var emails = await db.OutgoingEmails.AsNoTracking().Where(e => e.QueuedUtc < new DateTime(2020, 1, 2)).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([notYet, null], emails.Select(e => e.PlanId));
            Assert.Equal(RetentionService.RedactedEmail, emails[0].TextBody); // named the child: gone
            Assert.Contains("FSP-000003", emails[1].TextBody);                 // a reminder by reference only: kept
        }
    }

    /// <summary>What the statistics read from a plan.</summary>
    private sealed record Stats(string Scores, PlanStatus Status, string? ClosureReason, string? Agency, string LineFocusAreas, int Members)
    {
        public static Stats Of(Plan plan) => new(string.Join(",", plan.AspectScores.Select(s => $"{s.AspectCode}={s.Score}/{s.NotApplicable}")), plan.Status,
            plan.Closure?.ReasonCode, plan.Practitioner.AgencyCode, string.Join(",", plan.PlanLines.Select(l => $"{l.FocusAreaCode}:{l.ScoreNow}")), plan.Members.Count);
    }
}
