using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Plans;

/// <summary>
/// Admins not on a plan used to open its content, PDF and documents freely (audited, but SPEC §6 keeps documents for
/// attached users). Now they see its outline, and a stated reason opens it for an hour, audited and emailed to the coordinators.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BreakGlassTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private PortalFactory portal = default!;
    private Guid planId;
    private ClaimsPrincipal ada = default!;
    private ClaimsPrincipal tia = default!;

    private BreakGlass BreakGlass => portal.Services.GetRequiredService<BreakGlass>();
    private PlanOverviewService Overview => portal.Services.GetRequiredService<PlanOverviewService>();

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(clock: clock);
        var sam = await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        var bea = await portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Team");
        var admin = await portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        var other = await portal.CreateUserAsync("tia@school.example.org", Password, "Tia Other");
        planId = await portal.AddAsync(PlanSeeder.Completed(sam.Id, clock.GetUtcNow().UtcDateTime.AddDays(-3)), "FSP-000042",
            extraMembers: [new PlanMember(bea.Id, PlanRole.TeamAroundFamily, true)]);
        ada = Principal(admin.Id, isAdmin: true);
        tia = Principal(other.Id, isAdmin: false);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task The_outline_shows_no_family_details_and_a_reason_is_required_with_messages_by_the_fields()
    {
        var outline = await BreakGlass.OutlineAsync(planId, ada);
        Assert.NotNull(outline);
        Assert.Equal(("FSP-000042", PlanStatus.Completed), (outline.Reference, outline.Status));
        Assert.Equal(["Sam Hughes (School)"], outline.Coordinators);
        Assert.Null(await Overview.OpenAsync(planId, ada));

        var errors = await BreakGlass.OpenAsync(planId, ada, new BreakGlassForm());
        Assert.Equal("Choose why you need to open the plan.", errors.For("Reason"));
        Assert.Equal("Say what you need it for, so the coordinator understands.", errors.For("Details"));
        Assert.Equal("Choose one of the reasons in the list.",
            (await BreakGlass.OpenAsync(planId, ada, new BreakGlassForm { Reason = "Curiosity", Details = "x" })).For("Reason"));
        Assert.Null(await Overview.OpenAsync(planId, ada));

        // Nobody but an admin gets an outline or can open a plan this way.
        Assert.Null(await BreakGlass.OutlineAsync(planId, tia));
        Assert.True((await BreakGlass.OpenAsync(planId, tia, new BreakGlassForm { Reason = "Other", Details = "Let me in" })).Any);
        Assert.Null(await Overview.OpenAsync(planId, tia));
    }

    [Fact]
    public async Task A_reason_opens_the_plan_for_an_hour_is_audited_and_emails_the_coordinator_only()
    {
        var errors = await BreakGlass.OpenAsync(planId, ada, new BreakGlassForm { Reason = "Safeguarding concern", Details = "Call from the MASH, ref 7781" });
        Assert.False(errors.Any);

        var opened = await Overview.OpenAsync(planId, ada);
        Assert.NotNull(opened);
        Assert.True(opened.ViewedAsAdmin);
        await using (var db = await portal.CreateDbContextAsync())
        {
            var line = await db.AuditEntries.SingleAsync(a => a.Action == PlanAuditActions.BreakGlass);
            Assert.Equal(("Ada Admin (School)", planId.ToString(), "Safeguarding concern – Call from the MASH, ref 7781"), (line.ActorName, line.TargetId, line.Details));
        }
        var email = await portal.LatestEmailAsync("sam@school.example.org", "An administrator opened a Family Support Plan you coordinate");
        Assert.Contains("Ada Admin (School), an FSP Portal administrator who is not on the plan, opened plan FSP-000042", email.TextBody);
        Assert.Contains("Safeguarding concern – Call from the MASH, ref 7781", email.TextBody);
        Assert.Contains($"/plans/{planId}", email.TextBody);
        Assert.DoesNotContain("Owen", email.TextBody);
        Assert.Empty(portal.Outbox.ReadAll("bea@hub.example.org"));

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(await Overview.OpenAsync(planId, ada));
        Assert.NotNull(await BreakGlass.OutlineAsync(planId, ada));
    }

    private static ClaimsPrincipal Principal(string userId, bool isAdmin)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId) };
        if (isAdmin) claims.Add(new Claim(ClaimTypes.Role, Roles.Admin));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }
}
