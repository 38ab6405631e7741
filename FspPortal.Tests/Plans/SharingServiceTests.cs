using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Sharing;
using FspPortal.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Plans;

/// <summary>Attach, transfer and detach through the service, over real SQLite: access follows at once; emails and live events go to the right people.</summary>
[Trait("Category", "Integration")]
public sealed class SharingServiceTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();
    private ApplicationUser sam = default!, bea = default!, tom = default!;
    private Guid planId;
    private PlanSharingService Sharing => portal.Services.GetRequiredService<PlanSharingService>();
    private PlanOverviewService Overview => portal.Services.GetRequiredService<PlanOverviewService>();

    public async Task InitializeAsync()
    {
        sam = await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        bea = await portal.CreateUserAsync("bea@hub.example.org", "tangerine bicycle under moonlight", "Bea Team");
        tom = await portal.CreateUserAsync("tom@hub.example.org", "tangerine bicycle under moonlight", "Tom Next");
        planId = await portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-2)));
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static ClaimsPrincipal As(ApplicationUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!)], "test"));

    [Fact]
    public async Task An_attached_team_member_sees_the_plan_at_once_is_told_live_and_by_email()
    {
        var heard = new List<PlanChange>();
        using var _ = portal.Services.GetRequiredService<IPlanNotifier>().Subscribe(bea.Id, c => { lock (heard) heard.Add(c); return Task.CompletedTask; });
        Assert.Null(await Overview.OpenAsync(planId, As(bea)));

        Assert.True((await Sharing.AttachAsync(planId, As(sam), bea.Id)).Succeeded);

        Assert.NotNull(await Overview.OpenAsync(planId, As(bea)));
        await Eventually.TrueAsync(() => { lock (heard) return heard.Count >= 1; }, "Bea's page to hear of the attach");
        Assert.Equal([new PlanChange(planId, PlanChangeKind.Attachment)], heard);
        var email = await portal.LatestEmailAsync(bea.Email!, "added to a Family Support Plan");
        Assert.Contains($"plans/{planId}", email.TextBody);
        Assert.Equal("That user is already on this plan.", (await Sharing.AttachAsync(planId, As(sam), bea.Id)).Problem);
    }

    [Fact]
    public async Task A_transfer_shows_the_recipient_only_a_card_until_they_say_yes()
    {
        Assert.True((await Sharing.RequestTransferAsync(planId, As(sam), tom.Id, TransferMode.HandOver, "New school")).Succeeded);
        var card = Assert.Single(await Sharing.WaitingForAsync(tom.Id));
        Assert.Equal(("Sam Hughes", "New school"), (card.FromName, card.Note));
        Assert.Null(await Overview.OpenAsync(planId, As(tom)));               // the card, not the plan
        Assert.DoesNotContain("Owen", (await portal.LatestEmailAsync(tom.Email!, "authorise a transfer")).TextBody);
        Assert.Contains("already has a transfer waiting", (await Sharing.RequestTransferAsync(planId, As(sam), bea.Id, TransferMode.HandOver, null)).Problem);
        Assert.False((await Sharing.DecideAsync(planId, card.TransferId, As(bea), true, null)).Succeeded); // only the recipient

        Assert.True((await Sharing.DecideAsync(planId, card.TransferId, As(tom), true, null)).Succeeded);

        var asTom = (await Overview.OpenAsync(planId, As(tom)))!;
        Assert.True(asTom.IsCoordinator);
        Assert.Contains(asTom.Members, m => m.UserId == sam.Id && m.Role == PlanRole.TeamAroundFamily && m.IsActive);
        Assert.Empty(await Sharing.WaitingForAsync(tom.Id));
        Assert.Contains("authorised", (await portal.LatestEmailAsync(sam.Email!, "transfer")).Subject);
    }

    [Fact]
    public async Task Shared_coordination_lists_the_plan_under_several_coordinators_for_both_and_either_may_step_down()
    {
        await Sharing.RequestTransferAsync(planId, As(sam), tom.Id, TransferMode.ShareCoordination, null);
        var card = Assert.Single(await Sharing.WaitingForAsync(tom.Id));
        await Sharing.DecideAsync(planId, card.TransferId, As(tom), true, null);

        var queries = portal.Services.GetRequiredService<PlanQueries>();
        Assert.Equal(planId, Assert.Single(await queries.CoCoordinatedAsync(sam.Id)).Id);
        Assert.Equal(planId, Assert.Single(await queries.CoCoordinatedAsync(tom.Id)).Id);

        Assert.True((await Sharing.StepDownAsync(planId, As(sam))).Succeeded);
        Assert.Empty(await queries.CoCoordinatedAsync(tom.Id));
        Assert.Contains("only coordinator", (await Sharing.StepDownAsync(planId, As(tom))).Problem);
    }

    [Fact]
    public async Task A_declined_transfer_changes_nothing_and_tells_the_requester_why()
    {
        await Sharing.RequestTransferAsync(planId, As(sam), tom.Id, TransferMode.ShareCoordination, null);
        var card = Assert.Single(await Sharing.WaitingForAsync(tom.Id));
        Assert.True((await Sharing.DecideAsync(planId, card.TransferId, As(tom), false, "Caseload full")).Succeeded);
        Assert.Null(await Overview.OpenAsync(planId, As(tom)));
        Assert.Contains("Caseload full", (await portal.LatestEmailAsync(sam.Email!, "declined")).TextBody);
    }

    [Fact]
    public async Task A_detached_user_gets_not_found_and_their_open_pages_hear_it()
    {
        await Sharing.AttachAsync(planId, As(sam), bea.Id);
        var heard = new List<PlanChange>();
        using var _ = portal.Services.GetRequiredService<IPlanNotifier>().Subscribe(bea.Id, c => { lock (heard) heard.Add(c); return Task.CompletedTask; });

        Assert.True((await Sharing.DetachAsync(planId, As(sam), bea.Id)).Succeeded);

        Assert.Null(await Overview.OpenAsync(planId, As(bea)));
        await Eventually.TrueAsync(() => { lock (heard) return heard.Contains(new PlanChange(planId, PlanChangeKind.Detached)); }, "Bea's page to hear she was removed");
        lock (heard) Assert.All(heard, c => Assert.Equal(planId, c.PlanId)); // (the earlier attach may still be arriving)
        Assert.Contains("must always have an active coordinator", (await Sharing.DetachAsync(planId, As(sam), sam.Id)).Problem);
    }
}
