using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using System.Net;
using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

[Trait("Category", "Integration")]
public sealed class AuditSearchTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task The_audit_log_is_searched_by_user_action_and_uk_date_newest_first()
    {
        await using (var db = await portal.CreateDbContextAsync())
        {
            db.AuditEntries.AddRange(
                new AuditEntry { Action = AuditActions.SignInCode, ActorUserId = "u1", ActorEmail = "pat@school.example.org", OccurredUtc = new DateTime(2026, 7, 1, 8, 0, 0) },
                // 23:30 UTC on 1 July is 00:30 on 2 July in the UK (summer time).
                new AuditEntry { Action = AuditActions.SignInCode, ActorUserId = "u1", ActorEmail = "pat@school.example.org", OccurredUtc = new DateTime(2026, 7, 1, 23, 30, 0) },
                new AuditEntry { Action = AuditActions.AccountCreated, ActorUserId = "a1", ActorEmail = "ada@council.example.org", TargetType = "User", TargetId = "u1", OccurredUtc = new DateTime(2026, 6, 30, 9, 0, 0) });
            await db.SaveChangesAsync();
        }
        var queries = portal.Services.GetRequiredService<AuditQueries>();

        var (byEmail, total) = await queries.SearchAsync(new AuditSearch("pat@school", null, null, null), 0, 10);
        Assert.Equal(2, total);
        Assert.True(byEmail[0].OccurredUtc > byEmail[1].OccurredUtc);

        var (byId, _) = await queries.SearchAsync(new AuditSearch("u1", null, null, null), 0, 10);
        Assert.Equal(3, byId.Count); // as actor, and as the target of the account creation

        var (byAction, _) = await queries.SearchAsync(new AuditSearch(null, "account.created", null, null), 0, 10);
        Assert.Equal("ada@council.example.org", Assert.Single(byAction).Email);

        var (ukSecondOfJuly, _) = await queries.SearchAsync(new AuditSearch(null, null, new DateTime(2026, 7, 2), new DateTime(2026, 7, 2)), 0, 10);
        Assert.Equal(new DateTime(2026, 7, 1, 23, 30, 0), Assert.Single(ukSecondOfJuly).OccurredUtc);
    }

    [Fact]
    public async Task Admins_filter_by_plan_reference_see_plans_named_by_reference_and_export_the_filtered_lines_as_csv()
    {
        const string Password = "tangerine bicycle under moonlight";
        await portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        var sam = await portal.CreateUserAsync("sam@school.example.org", Password, "=HYPERLINK(\"x\") Sam");
        var tom = await portal.CreateUserAsync("tom@hub.example.org", Password, "Tom Next");
        var numbered = await portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-3)), reference: "FSP-000042");
        var pending = await portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-1)));
        var asSam = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, sam.Id)], "test"));
        var sharing = portal.Services.GetRequiredService<PlanSharingService>();
        Assert.True((await sharing.AttachAsync(numbered, asSam, tom.Id)).Succeeded);
        Assert.True((await sharing.AttachAsync(pending, asSam, tom.Id)).Succeeded);
        var queries = portal.Services.GetRequiredService<AuditQueries>();

        var (forPlan, total) = await queries.SearchAsync(new AuditSearch(null, null, null, null, Plan: "fsp-42"), 0, 10);
        var line = Assert.Single(forPlan);
        Assert.Equal(1, total);
        Assert.Equal((numbered, "FSP-000042", "Attached Tom Next as a team member"), (line.PlanId!.Value, line.PlanReference, line.What));
        Assert.Equal("=HYPERLINK(\"x\") Sam (School)", line.Who);
        var (other, _) = await queries.SearchAsync(new AuditSearch(null, null, null, null, Plan: pending.ToString()), 0, 10);
        Assert.Equal("reference pending", Assert.Single(other).PlanReference);
        Assert.Empty((await queries.SearchAsync(new AuditSearch(null, null, null, null, Plan: "FSP-999999"), 0, 10)).Rows);

        var admin = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, admin, "ada@council.example.org", Password);
        var csv = await admin.GetAsync("/admin/audit.csv?plan=FSP-000042");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("When (UK time),Who,Email,What", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\") Sam (School)\"", row); // a name that looks like a formula stays text
        Assert.Contains("Attached Tom Next as a team member", row);
        Assert.Contains("FSP-000042", row);
        await using var db = await portal.CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AuditExported && a.Details!.Contains("plan=FSP-000042")));

        var practitioner = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, practitioner, "tom@hub.example.org", Password);
        Assert.NotEqual(HttpStatusCode.OK, (await practitioner.GetAsync("/admin/audit.csv")).StatusCode);
    }
}
