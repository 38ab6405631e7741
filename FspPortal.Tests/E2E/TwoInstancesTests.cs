using FspPortal.Tests.Support;
using FspPortal.Tests.Web;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;

namespace FspPortal.Tests.E2E;

/// <summary>
/// Two portal servers as an operator runs them (the published build, two processes on two loopback ports, one
/// PostgreSQL database), with Chromium: a transfer asked on one server is answered live on the other; a server killed
/// while someone types loses nothing they had typed (the browser is moved to the other server, as a load balancer
/// would); a server killed in the middle of the night's sweep has the sweep finished by the other, with no reminder
/// sent twice. The test's own in-process portal (jobs and dispatch off) seeds the database and reads the mailbox.
/// </summary>
[Trait("Category", "E2E")]
[Trait("Provider", "PostgreSQL")]
[Collection(TwoServerJourneysCollection.Name)]
public sealed class TwoInstancesTests(PublishedPortal published, Xunit.Abstractions.ITestOutputHelper log) : IClassFixture<PublishedPortal>, IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "fsp-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> toDispose = [];
    private PortalFactory database = default!;
    private Browser? browser;

    public Task InitializeAsync()
    {
        if (TestDatabase.PostgreSqlServer is null) return Task.CompletedTask; // skipped (PostgreSqlFact)
        database = new PortalFactory(settings: new Dictionary<string, string?> { ["Jobs:Enabled"] = "false", ["Outbox:DispatchEnabled"] = "false" });
        _ = database.Services; // creates and migrates the database
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // What each server said (shown by the test runner when the test fails): a stalled server says why here. Writing it
        // can never keep the servers below from being stopped.
        try
        {
            foreach (var server in toDispose.OfType<RunningPortal>())
                log.WriteLine($"--- server {server.ListeningOn}:{Environment.NewLine}{string.Join(Environment.NewLine, server.Output.Split('\n').TakeLast(150))}");
        }
        catch (InvalidOperationException) { } // no test to write to
        if (browser is not null) await browser.DisposeAsync();
        foreach (var item in Enumerable.Reverse(toDispose)) await item.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }

    /// <summary>One more server on the shared database and data folder.</summary>
    private async Task<RunningPortal> StartServerAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Portal"] = database.ConnectionString,
            ["Portal:PublicBaseUrl"] = "http://127.0.0.1/", // an intranet portal on plain http (no https redirect)
        };
        var server = await PortalProcess.StartAsync(published.WebDll, all, dataDirectory);
        toDispose.Add(server);
        return server;
    }

    private async Task<IPage> PageAsync(Uri server)
    {
        browser ??= await Browser.LaunchAsync();
        return await browser.NewPageAsync(server.ToString());
    }

    [PostgreSqlFact]
    public async Task A_transfer_asked_on_one_server_appears_live_on_the_other_and_the_answer_comes_back_live()
    {
        var sam = await database.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        await database.CreateUserAsync("bea@hub.example.org", Password, "Bea Next");
        var planId = await database.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-3)));
        var first = await StartServerAsync();
        var second = await StartServerAsync();

        // B watches Home on the second server.
        var bea = await PageAsync(second.ListeningOn!);
        await PortalSession.SignInAsync(database, bea, "bea@hub.example.org", Password);
        await Assertions.Expect(bea.GetByText("No plans are waiting for you to authorise a transfer.")).ToBeVisibleAsync();

        // A, on the first server, asks B to take the plan over.
        var samPage = await PageAsync(first.ListeningOn!);
        await PortalSession.SignInAsync(database, samPage, "sam@school.example.org", Password);
        await samPage.GotoAsync($"plans/{planId}");
        await samPage.WaitForInteractiveAsync();
        var dialog = await samPage.PickUserToAttachAsync("bea", "Bea Next (bea@hub.example.org)");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "FSP Coordinator" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(samPage.GetByText("Transfer requested.")).ToBeVisibleAsync();

        // The card appears on the other server's page without a reload; B says Yes there.
        await Assertions.Expect(bea.Locator(".transfer-card")).ToContainTextAsync("Sam Hughes asks you to take over coordination");
        await bea.ChooseAsync("Authorise Transfer for Owen Smith", "Yes");
        await bea.GetByRole(AriaRole.Button, new() { Name = "Save the decision for Owen Smith" }).ClickAsync();
        await Assertions.Expect(bea.GetByText("You are now a coordinator of the plan for Owen Smith.")).ToBeVisibleAsync();

        // A's open overview on the first server follows, without a reload.
        var shared = samPage.GetByRole(AriaRole.Region, new() { Name = "Who is the FSP shared with" });
        await Assertions.Expect(shared.GetByRole(AriaRole.Row).Filter(new() { HasText = "bea@hub.example.org" })).ToContainTextAsync("FSP Coordinator");
        await Assertions.Expect(shared.GetByRole(AriaRole.Row).Filter(new() { HasText = "sam@school.example.org" })).ToContainTextAsync("Team around the family");
    }

    [PostgreSqlFact]
    public async Task A_server_killed_while_someone_types_in_the_stepper_loses_nothing_kept_and_the_page_comes_back_on_the_other()
    {
        var sam = await database.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        var planId = await database.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-3)));
        var first = await StartServerAsync();
        var second = await StartServerAsync();
        await using var balancer = new FailoverProxy(first.ListeningOn!, second.ListeningOn!); // everyone on the first while it lives

        var page = await PageAsync(balancer.Address);
        await PortalSession.SignInAsync(database, page, "sam@school.example.org", Password);
        await page.GotoAsync($"plans/{planId}/edit/5");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Step 5 of 9: Family's Story", Level = 2 })).ToBeVisibleAsync();
        const string typed = "Mum has started a new job; mornings are hard.";
        await page.GetByLabel("Key events happening now").FillAsync(typed);
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Draft saved" })).ToBeVisibleAsync();

        // The first server dies. The circuit's connection drops; the other server cannot take the circuit over, so the
        // page reloads, through the balancer, from the second server: the draft is there, the user still signed in.
        await page.EvaluateAsync("() => window.servedBeforeTheKill = true"); // gone once the page has reloaded
        await first.KillAsync();
        await page.WaitForFunctionAsync("() => window.servedBeforeTheKill === undefined", null, new() { Timeout = 60_000 });
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByLabel("Key events happening now")).ToHaveValueAsync(typed);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Restored what you typed here before (not saved yet).");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Step 5 of 9: Family's Story", Level = 2 })).ToBeVisibleAsync();
    }

    [PostgreSqlFact]
    public async Task A_server_killed_in_the_middle_of_the_sweep_has_it_finished_by_the_other_with_no_reminder_twice()
    {
        var sam = await database.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        await database.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-7 * 7))); // review 7 weeks outstanding
        // The sweep every three seconds (so the night need not be waited for); servers check in every two.
        var settings = new Dictionary<string, string?> { ["Jobs:ReviewSweepCron"] = "0/3 * * * * ?", ["Jobs:ClusterCheckinSeconds"] = "2" };

        // A long sweep: the test holds the reminders table, so the first sweep waits inside its work.
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE \"ReviewReminders\" IN ACCESS EXCLUSIVE MODE", holder, hold))
            await lockTable.ExecuteNonQueryAsync();

        var first = await StartServerAsync(settings); // alone, so the sweep is certainly running there
        await Eventually.TrueAsync(async () => (await SweepRunsAsync()).Any(), "the first server to start a sweep", timeoutSeconds: 60);
        var second = await StartServerAsync(settings);

        await first.KillAsync();
        await hold.RollbackAsync(); // the table is free again: only the second server is left to use it

        // The second server sees the first stop checking in and runs its sweep again, as the same run.
        await Eventually.TrueAsync(async () => (await SweepRunsAsync()).FirstOrDefault() is { FinishedUtc: not null }, "the cut-short sweep to be finished", timeoutSeconds: 90);
        // Later sweeps (every three seconds) find nothing new to send.
        await Eventually.TrueAsync(async () => (await SweepRunsAsync()).Count(r => r.FinishedUtc != null) >= 3, "two more sweeps", timeoutSeconds: 60);

        var runs = await SweepRunsAsync();
        Assert.Equal("Schedule" + JobHistory.RecoveredNote, runs[0].TriggeredBy);
        Assert.All(runs.Where(r => r.FinishedUtc != null), r => Assert.True(r.Succeeded, r.Error));
        Assert.Single(runs, r => r.TriggeredBy.Contains(JobHistory.RecoveredNote));
        Assert.Equal(1, await RemindersToSamAsync()); // one email (sent, or still waiting to be): never two
        Assert.False(second.HasExited);
    }

    private async Task<List<JobRun>> SweepRunsAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.JobRuns.AsNoTracking().Where(r => r.JobName == ReviewSweepJob.JobKey.Name).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>Every reminder email the portal has asked to send Sam, whatever became of it.</summary>
    private async Task<int> RemindersToSamAsync()
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.OutgoingEmails.CountAsync(e => e.To == "sam@school.example.org" && e.Subject == "Family Support Plan reviews that need you");
    }
}
